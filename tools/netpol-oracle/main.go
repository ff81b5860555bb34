// netpol-oracle answers, for sets of NetworkPolicies and connections, whether each connection is
// allowed, with cyclonus' matcher (github.com/mattfenwick/cyclonus/pkg/matcher), an analyser
// written independently of this library. It reads one JSON document on standard input:
//
//	{"sets": [{"policies": [<networking.k8s.io/v1 NetworkPolicy>...],
//	           "cases": [{"src": <peer>, "dst": <peer>, "port": 8080, "portName": "http", "protocol": "TCP"}...]}...]}
//
// where a peer is {"namespace": "...", "namespaceLabels": {...}, "podLabels": {...}}, and writes
// a JSON list per set of booleans, one per case: both the source's egress and the destination's
// ingress allow it.
//
// The policies are first defaulted as the API server stores them (policyTypes, port protocols),
// and every pod gets the address 192.0.2.1 (TEST-NET-1), outside every block the tests write:
// manifests carry no pod addresses, so address blocks are peers outside the pods.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type peer struct {
	Namespace       string            `json:"namespace"`
	NamespaceLabels map[string]string `json:"namespaceLabels"`
	PodLabels       map[string]string `json:"podLabels"`
}

type connection struct {
	Src      peer   `json:"src"`
	Dst      peer   `json:"dst"`
	Port     int    `json:"port"`
	PortName string `json:"portName"`
	Protocol string `json:"protocol"`
}

type set struct {
	Policies []*networkingv1.NetworkPolicy `json:"policies"`
	Cases    []connection                  `json:"cases"`
}

type input struct {
	Sets []set `json:"sets"`
}

// podIP is the address every pod is given (TEST-NET-1, RFC 5737).
const podIP = "192.0.2.1"

func internal(p peer) *matcher.TrafficPeer {
	return &matcher.TrafficPeer{IP: podIP, Internal: &matcher.InternalPeer{
		PodLabels: p.PodLabels, NamespaceLabels: p.NamespaceLabels, Namespace: p.Namespace,
	}}
}

// defaulted applies the API server's defaults to a policy, as SetDefaults_NetworkPolicy in
// kubernetes/kubernetes pkg/apis/networking/v1/defaults.go does: a port without protocol is
// TCP; without policyTypes, Ingress, and Egress too when there is at least one egress rule.
func defaulted(np *networkingv1.NetworkPolicy) *networkingv1.NetworkPolicy {
	tcp := v1.ProtocolTCP
	for i := range np.Spec.Ingress {
		for j := range np.Spec.Ingress[i].Ports {
			if np.Spec.Ingress[i].Ports[j].Protocol == nil {
				np.Spec.Ingress[i].Ports[j].Protocol = &tcp
			}
		}
	}
	for i := range np.Spec.Egress {
		for j := range np.Spec.Egress[i].Ports {
			if np.Spec.Egress[i].Ports[j].Protocol == nil {
				np.Spec.Egress[i].Ports[j].Protocol = &tcp
			}
		}
	}
	if len(np.Spec.PolicyTypes) == 0 {
		np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
		if len(np.Spec.Egress) != 0 {
			np.Spec.PolicyTypes = append(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
		}
	}
	return np
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintf(os.Stderr, "netpol-oracle: cannot read the input: %v\n", err)
		os.Exit(2)
	}
	answers := make([][]bool, len(in.Sets))
	for s, one := range in.Sets {
		for i := range one.Policies {
			one.Policies[i] = defaulted(one.Policies[i])
		}
		policy := matcher.BuildNetworkPolicies(false, one.Policies)
		answers[s] = make([]bool, len(one.Cases))
		for i, c := range one.Cases {
			traffic := &matcher.Traffic{
				Source:           internal(c.Src),
				Destination:      internal(c.Dst),
				ResolvedPort:     c.Port,
				ResolvedPortName: c.PortName,
				Protocol:         v1.Protocol(c.Protocol),
			}
			answers[s][i] = policy.IsTrafficAllowed(traffic).IsAllowed()
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintf(os.Stderr, "netpol-oracle: cannot write the answers: %v\n", err)
		os.Exit(2)
	}
}

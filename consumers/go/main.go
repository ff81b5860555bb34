// Command shop-cluster is the example cluster, a refused input and the team's own rule, from Go.
//
//	shop-cluster synth OUTDIR   synthesize the example cluster (every pack and the team's) to OUTDIR
//	shop-cluster invalid        a `latest` image: prints the library's error
//	shop-cluster team-rule      a one-replica Deployment: the team's rule fails the synthesis
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-hardening/cdk8s-hardening-go/cdk8shardening"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2"
)

// MinReplicas is the team's availability rule: a Deployment runs at least two pods.
type MinReplicas struct {
	// Judged lists the Deployments the rule was asked about.
	Judged []string
}

func (r *MinReplicas) Id() *string      { return jsii.String("MinReplicas") }
func (r *MinReplicas) Title() *string   { return jsii.String("a Deployment runs at least two replicas") }
func (r *MinReplicas) Fix() *string     { return jsii.String("set replicas: 2 or more") }
func (r *MinReplicas) HelpUri() *string { return nil }

// Check judges one object's JSON.
func (r *MinReplicas) Check(manifest *map[string]interface{}, objects cdk8shardening.RuleObjects) cdk8shardening.RuleVerdict {
	m := *manifest
	if m["kind"] != "Deployment" {
		return cdk8shardening.RuleVerdict_NotApplicable()
	}
	r.Judged = append(r.Judged, m["metadata"].(map[string]interface{})["name"].(string))
	replicas := 1.0
	if spec, ok := m["spec"].(map[string]interface{}); ok {
		if n, ok := spec["replicas"].(float64); ok {
			replicas = n
		}
	}
	if replicas >= 2 {
		return cdk8shardening.RuleVerdict_Compliant()
	}
	return cdk8shardening.RuleVerdict_NonCompliant(&[]*cdk8shardening.RuleViolation{{
		Path:    jsii.String("spec.replicas"),
		Message: jsii.String(fmt.Sprintf("%g replica: one node's drain takes the service down", replicas)),
	}})
}

// teamPack is the team's pack: its own rule and every built-in pack.
func teamPack(rule *MinReplicas) cdk8shardening.CompliancePack {
	return cdk8shardening.CompliancePack_Custom(&cdk8shardening.CustomPackProps{
		Name:    jsii.String("acme-availability"),
		Title:   jsii.String("ACME availability rules"),
		Rules:   &[]*cdk8shardening.CustomPackRule{{Rule: rule, Severity: cdk8shardening.Severity_ERROR}},
		Include: cdk8shardening.CompliancePack_All(),
	})
}

// distinctSorted returns the distinct strings of names, sorted.
func distinctSorted(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// refused runs f and returns the error it panics with (the jsii runtime panics with the
// library's error), or nil.
func refused(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				e = fmt.Errorf("%v", r)
			}
			err = e
		}
	}()
	f()
	return nil
}

func main() {
	defer jsii.Close()
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	rule := &MinReplicas{}
	switch mode {
	case "synth":
		SynthExample(os.Args[2], []cdk8shardening.CompliancePack{teamPack(rule)})
		// the engine asks about each object more than once (the app, then each chart it writes)
		fmt.Printf("MinReplicas judged the Deployments %s\n", strings.Join(distinctSorted(rule.Judged), ", "))
	case "invalid":
		chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("cluster"), nil)
		err := refused(func() {
			cdk8shardening.NewHardenedDeployment(chart, jsii.String("web"), &cdk8shardening.HardenedDeploymentProps{
				Containers: &[]*cdk8splus27.ContainerProps{{Image: jsii.String("nginx:latest")}},
			})
		})
		if err == nil {
			fmt.Fprintln(os.Stderr, "no error for a latest image")
			os.Exit(1)
		}
		fmt.Printf("%T: %v\n", err, err)
	case "team-rule":
		outdir, err := os.MkdirTemp("", "team-rule")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(outdir)
		app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
		chart := cdk8s.NewChart(app, jsii.String("cluster"), nil)
		cdk8shardening.NewHardenedDeployment(chart, jsii.String("web"), &cdk8shardening.HardenedDeploymentProps{
			Metadata:   &cdk8s.ApiObjectMetadata{Name: jsii.String("web"), Namespace: jsii.String("storefront")},
			Replicas:   jsii.Number(1),
			Containers: &[]*cdk8splus27.ContainerProps{{Image: jsii.String("registry.acme.example/web:1.4.2")}},
		})
		cdk8shardening.Compliance_Of(app).Enable(&cdk8shardening.ComplianceOptions{Packs: &[]cdk8shardening.CompliancePack{teamPack(rule)}})
		if err := refused(func() { app.Synth() }); err != nil {
			fmt.Printf("%T: %v\n", err, err)
			return
		}
		fmt.Fprintln(os.Stderr, "the team's rule did not fail the synthesis")
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "usage: shop-cluster synth OUTDIR | invalid | team-rule")
		os.Exit(2)
	}
}

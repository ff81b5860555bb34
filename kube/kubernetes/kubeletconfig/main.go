// Command kubeletconfig reads a KubeletConfiguration file as the kubelet does at start-up
// (k8s.io/kubernetes/cmd/kubelet/app: loadConfigFile, then ValidateKubeletConfiguration with the
// feature gates the file sets) and prints one JSON object with these fields:
//
//   - file, kind: the file read, and the group, version and kind it was decoded as.
//   - strictErrors: what strict decoding refuses (unknown or duplicate fields). The kubelet then
//     decodes the file leniently, logs the error and starts: these are not fatal to it.
//   - errors: what the kubelet's validation refuses (ValidateKubeletConfiguration), then what its
//     TLS set-up refuses (cmd/kubelet/app InitializeTLS: cipher suite, version and curve names),
//     one message each; the kubelet does not start with any of them.
//   - insecureCipherSuites: suites the kubelet accepts but logs as insecure.
//   - hostErrors: what the validation refuses because of the machine this runs on, not the file:
//     on a cgroup v1 host, a kubelet with failCgroupV1 (true by default) does not start. The file
//     is then validated as if failCgroupV1 were false, so that its own errors still show.
//   - effective: the configuration after the kubelet's decoding and defaulting, written back as
//     the file's version (what an absent field means to the kubelet).
//
// Exit status: 0 when both lists are empty, 1 when either is not, 2 when the file cannot be read
// or decoded at all (the message on stderr).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/opencontainers/cgroups"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	cliflag "k8s.io/component-base/cli/flag"
	kubeletscheme "k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"
	"k8s.io/kubernetes/pkg/kubelet/apis/config/validation"
	"k8s.io/kubernetes/pkg/kubelet/kubeletconfig/configfiles"
	utilcodec "k8s.io/kubernetes/pkg/kubelet/kubeletconfig/util/codec"
	utilfs "k8s.io/kubernetes/pkg/util/filesystem"
	"sigs.k8s.io/yaml"
)

type result struct {
	File         string          `json:"file"`
	Kind         string          `json:"kind"`
	StrictErrors []string        `json:"strictErrors"`
	Errors       []string        `json:"errors"`
	Insecure     []string        `json:"insecureCipherSuites"`
	HostErrors   []string        `json:"hostErrors"`
	Effective    json.RawMessage `json:"effective"`
}

// messages flattens an aggregate of errors into one message each.
func messages(err error) []string {
	out := []string{}
	if err == nil {
		return out
	}
	var agg utilerrors.Aggregate
	if errors.As(err, &agg) {
		for _, e := range agg.Errors() {
			out = append(out, messages(e)...)
		}
		return out
	}
	return append(out, err.Error())
}

func run(name string) (*result, error) {
	file, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	res := &result{File: file, StrictErrors: []string{}, Errors: []string{}, Insecure: []string{}, HostErrors: []string{}}

	// the strict decoding the kubelet tries first
	_, strictCodecs, err := kubeletscheme.NewSchemeAndCodecs(serializer.EnableStrict)
	if err != nil {
		return nil, err
	}
	if _, _, err := strictCodecs.UniversalDecoder().Decode(data, nil, nil); err != nil {
		if !runtime.IsStrictDecodingError(err) {
			return nil, fmt.Errorf("failed to decode %s: %w", file, err)
		}
		res.StrictErrors = messages(err)
	}

	// the kubelet's own loader: strict, then lenient; defaulting; relative paths resolved
	loader, err := configfiles.NewFsLoader(&utilfs.DefaultFs{}, file)
	if err != nil {
		return nil, err
	}
	kc, err := loader.Load(context.Background())
	if err != nil {
		return nil, err
	}
	_, gvk, err := loader.LoadIntoJSON()
	if err != nil {
		return nil, err
	}
	res.Kind = gvk.String()

	// the kubelet sets the process's feature gates from the file, then validates against them
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(kc.FeatureGates); err != nil {
		res.Errors = append(res.Errors, err.Error())
	} else {
		validated := kc
		if kc.FailCgroupV1 && !cgroups.IsCgroup2UnifiedMode() {
			res.HostErrors = append(res.HostErrors, messages(validation.ValidateKubeletConfiguration(kc, utilfeature.DefaultFeatureGate))...)
			validated = kc.DeepCopy()
			validated.FailCgroupV1 = false
		}
		res.Errors = append(res.Errors, messages(validation.ValidateKubeletConfiguration(validated, utilfeature.DefaultFeatureGate))...)
		res.HostErrors = slices.DeleteFunc(res.HostErrors, func(e string) bool { return slices.Contains(res.Errors, e) })
	}

	// the names the kubelet's TLS set-up converts before it serves (InitializeTLS)
	suites, err := cliflag.TLSCipherSuites(kc.TLSCipherSuites)
	if err != nil {
		res.Errors = append(res.Errors, err.Error())
	}
	for name, id := range cliflag.InsecureTLSCiphers() {
		if slices.Contains(suites, id) {
			res.Insecure = append(res.Insecure, name)
		}
	}
	slices.Sort(res.Insecure)
	if _, err := cliflag.TLSVersion(kc.TLSMinVersion); err != nil {
		res.Errors = append(res.Errors, err.Error())
	}
	if _, err := cliflag.TLSCurvePreferences(kc.TLSCurvePreferences); err != nil {
		res.Errors = append(res.Errors, err.Error())
	}

	encoded, err := utilcodec.EncodeKubeletConfig(kc, gvk.GroupVersion())
	if err != nil {
		return nil, err
	}
	if res.Effective, err = yaml.YAMLToJSON(encoded); err != nil {
		return nil, err
	}
	return res, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kubeletconfig FILE (a KubeletConfiguration, as the kubelet's --config)")
		os.Exit(2)
	}
	res, err := run(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubeletconfig:", err)
		os.Exit(2)
	}
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubeletconfig:", err)
		os.Exit(2)
	}
	fmt.Println(string(out))
	if len(res.StrictErrors) > 0 || len(res.Errors) > 0 {
		os.Exit(1)
	}
}

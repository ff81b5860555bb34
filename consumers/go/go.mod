// The example cluster in Go: a team's module on cdk8s-hardening's Go module, as jsii-pacmak builds
// it (.ci/languages links it at dist/languages/go), and cdk8s, cdk8s-plus-27, constructs and the
// jsii runtime.
module example.acme/shop-cluster

go 1.25.0

require (
	github.com/aws/constructs-go/constructs/v10 v10.5.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-hardening/cdk8s-hardening-go/cdk8shardening v0.1.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.70.0
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 v2.9.5
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5 // indirect
	golang.org/x/tools v0.49.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

replace github.com/cdk8s-hardening/cdk8s-hardening-go/cdk8shardening => ../../dist/languages/go/cdk8shardening

// The Go module proxy does not serve these two (403 Forbidden, "This module version is not
// available"): .ci/languages builds them with jsii-pacmak from the .jsii assemblies of the npm
// packages cdk8s 2.70.0 and cdk8s-plus-27 2.9.5, as their maintainers build the published modules.
replace (
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 => ../../dist/languages/go/cdk8s
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 => ../../dist/languages/go/cdk8splus27
)

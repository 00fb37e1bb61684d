// The example apps in Go: `go run . OUTDIR` synthesizes them into OUTDIR/<example>/, as
// examples/main.ts does into out/. esokit is the module jsii-pacmak builds (dist/go/esokit),
// wired in with a replace directive until it is published; cdk8s and cdk8s-plus-27 are the
// versions the TypeScript project pins. Run `go mod tidy` first to fill go.sum.
module github.com/esokit/esokit/examples/go

go 1.26.0

require (
	github.com/aws/constructs-go/constructs/v10 v10.3.0
	github.com/aws/jsii-runtime-go v1.143.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.69.0
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 v2.9.5
	github.com/esokit/esokit-go/esokit v0.0.0
)

// Command examples synthesizes the Go example apps into <outdir>/<example>/, as examples/main.ts
// does.
//
//	go run . [outdir]    (default: ./out)
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

type example struct {
	name  string
	build func(cdk8s.App) cdk8s.Chart
}

var examples = []example{
	{"aws-secrets-manager", AwsSecretsManagerApp},
}

func synthExamples(outdir string) []string {
	var written []string
	for _, e := range examples {
		dir := filepath.Join(outdir, e.name)
		app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(dir), YamlOutputType: cdk8s.YamlOutputType_FILE_PER_CHART})
		e.build(app)
		app.Synth()
		written = append(written, dir)
	}
	return written
}

func main() {
	defer jsii.Close()
	outdir := "out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	abs, err := filepath.Abs(outdir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, dir := range synthExamples(abs) {
		fmt.Println("synthesized", dir)
	}
}

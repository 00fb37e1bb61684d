"""Synthesizes the Python example apps into <outdir>/<example>/, as examples/main.ts does.

python main.py [outdir]    (default: ./out)
"""

import os
import sys

from cdk8s import App, YamlOutputType

from aws_secrets_manager import aws_secrets_manager_app

EXAMPLES = {
    "aws-secrets-manager": aws_secrets_manager_app,
}


def synth_examples(outdir: str) -> list:
    written = []
    for name, build in EXAMPLES.items():
        app = App(outdir=os.path.join(outdir, name), yaml_output_type=YamlOutputType.FILE_PER_CHART)
        build(app)
        app.synth()
        written.append(os.path.join(outdir, name))
    return written


if __name__ == "__main__":
    for directory in synth_examples(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "out")):
        print(f"synthesized {directory}")

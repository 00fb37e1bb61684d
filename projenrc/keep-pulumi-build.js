// Keeps the Pulumi front end out of tsc's scratch build (lib/.pulumi-build) as lib/pulumi and
// drops the rest: lib/core stays jsii's own output.
const fs = require('fs');
const path = require('path');

const lib = path.join(__dirname, '..', 'lib');
const scratch = path.join(lib, '.pulumi-build');
const built = path.join(scratch, 'pulumi');
if (!fs.existsSync(built)) {
  console.error(`error: ${path.relative(process.cwd(), built)} was not built; run "tsc -p src/pulumi/tsconfig.json" first`);
  process.exit(1);
}
fs.rmSync(path.join(lib, 'pulumi'), { recursive: true, force: true });
fs.renameSync(built, path.join(lib, 'pulumi'));
fs.rmSync(scratch, { recursive: true, force: true });

// `npm pack` and `npm publish` hooks: the packed package.json declares the Pulumi packages as
// optional peers (`node projenrc/pack-peers.js add` before packing, `restore` after).
//
// jsii refuses non-jsii packages among peerDependencies while it compiles, so the project's own
// package.json cannot hold them; the package that users install must, so that npm neither installs
// them for cdk8s users nor lets a Pulumi program end up with a second @pulumi/pulumi. The list is
// src/pulumi/peers.ts's, as built into lib/.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const file = path.join(root, 'package.json');
const backup = path.join(root, '.package.json.before-pack');

/** package.json with the optional Pulumi peers added. */
function withPulumiPeers(pkg) {
  const { PULUMI_PEERS } = require(path.join(root, 'lib', 'pulumi', 'peers.js'));
  return {
    ...pkg,
    peerDependencies: { ...pkg.peerDependencies, ...PULUMI_PEERS },
    peerDependenciesMeta: {
      ...pkg.peerDependenciesMeta,
      ...Object.fromEntries(Object.keys(PULUMI_PEERS).map((name) => [name, { optional: true }])),
    },
  };
}

function restore() {
  if (fs.existsSync(backup)) {
    fs.copyFileSync(backup, file);
    fs.rmSync(backup);
  }
}

const mode = process.argv[2];
if (mode === 'add') {
  // A pack that failed before its postpack left the edited file: start from the project's own.
  restore();
  const text = fs.readFileSync(file, 'utf-8');
  fs.writeFileSync(backup, text);
  fs.writeFileSync(file, `${JSON.stringify(withPulumiPeers(JSON.parse(text)), null, 2)}\n`);
} else if (mode === 'restore') {
  restore();
} else {
  console.error('usage: node projenrc/pack-peers.js add|restore');
  process.exit(1);
}

module.exports = { withPulumiPeers };

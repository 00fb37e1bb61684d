// Declares the Pulumi packages as optional peer dependencies in every packed esokit tarball of a
// folder (`node projenrc/add-pulumi-peers.js dist/js`).
//
// jsii refuses non-jsii packages among peerDependencies while it compiles, so they cannot sit in
// the project's package.json; the published package must still declare them, so that npm neither
// installs them for cdk8s users nor lets a Pulumi program end up with a second @pulumi/pulumi.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { PULUMI_PEERS } = require('../lib/pulumi/peers.js');

function addPulumiPeers(tarball) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-pack-'));
  try {
    execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', work]);
    const dir = path.join(work, 'package');
    const file = path.join(dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
    pkg.peerDependencies = { ...pkg.peerDependencies, ...PULUMI_PEERS };
    pkg.peerDependenciesMeta = {
      ...pkg.peerDependenciesMeta,
      ...Object.fromEntries(Object.keys(PULUMI_PEERS).map((name) => [name, { optional: true }])),
    };
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-packed-'));
    const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: dir, encoding: 'utf-8' }).trim().split('\n').pop();
    fs.copyFileSync(path.join(out, name), tarball);
    fs.rmSync(out, { recursive: true, force: true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node projenrc/add-pulumi-peers.js <folder of .tgz files>');
  process.exit(1);
}
const tarballs = fs.readdirSync(folder).filter((f) => f.endsWith('.tgz'));
if (tarballs.length === 0) {
  console.error(`error: no .tgz in ${folder}; pack the library first`);
  process.exit(1);
}
for (const t of tarballs) {
  addPulumiPeers(path.join(folder, t));
  console.log(`${path.join(folder, t)}: optional peers ${Object.keys(PULUMI_PEERS).join(', ')}`);
}

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
const kept = path.join(lib, 'pulumi');
fs.rmSync(kept, { recursive: true, force: true });
fs.renameSync(built, kept);
fs.rmSync(scratch, { recursive: true, force: true });

// The inline source maps name their sources relative to where tsc wrote the files: relative to
// where they are now, they name src/pulumi/*.ts (which the package holds) again.
const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
function relocateMaps(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      relocateMaps(file);
      continue;
    }
    if (!entry.name.endsWith('.js')) {
      continue;
    }
    const code = fs.readFileSync(file, 'utf-8');
    const found = INLINE_MAP.exec(code);
    if (!found) {
      continue;
    }
    const map = JSON.parse(Buffer.from(found[1], 'base64').toString('utf-8'));
    const was = path.join(built, path.relative(kept, path.dirname(file)));
    map.sources = map.sources.map((s) => path.relative(path.dirname(file), path.resolve(was, map.sourceRoot ?? '', s)).split(path.sep).join('/'));
    delete map.sourceRoot;
    const encoded = Buffer.from(JSON.stringify(map)).toString('base64');
    fs.writeFileSync(file, code.slice(0, found.index) + `//# sourceMappingURL=data:application/json;base64,${encoded}\n`);
  }
}
relocateMaps(kept);

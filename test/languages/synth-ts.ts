/**
 * Synthesizes the TypeScript example apps into the directory given as the first argument (as
 * `npm run example` does into out/): the reference the other languages' apps are compared with.
 */
import * as path from 'path';
import { synthExamples } from '../../examples/main';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: synth-ts.ts <outdir>');
  process.exit(2);
}
for (const dir of synthExamples(path.resolve(outdir))) {
  console.log(`synthesized ${dir}`);
}

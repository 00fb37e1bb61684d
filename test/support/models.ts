/**
 * Kubernetes, Flux and Argo CD schema validation for tests, through test/models/validate.mjs:
 * the schema packages are ESM-only and need Node 22 or later, so they run in a node process of
 * their own (see models-runtime.ts).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { modelsDir, modelsNode } from './models-runtime';

/** The schema problems of these objects, one line each; empty when all are valid. */
export function schemaProblems(objects: any[]): string[] {
  const out = execFileSync(modelsNode(), [path.join(modelsDir(), 'validate.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/**
 * Kubernetes, Flux and Argo CD schema validation for tests, through validate-models.mjs (the
 * schema packages are ESM-only, so they run in a node process of their own).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

/** The schema problems of these objects, one line each; empty when all are valid. */
export function schemaProblems(objects: any[]): string[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-models.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

import { Chart, Testing } from 'cdk8s';
import { expectValidEso } from './eso-schema';

/** Synthesizes a chart and validates every ESO object in it against the CRD schemas. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValidEso(manifests);
  return manifests;
}

/** The manifests of one kind. */
export function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

/** The one manifest of a kind; fails when there is not exactly one. */
export function onlyOfKind(manifests: any[], kind: string): any {
  const found = ofKind(manifests, kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
}

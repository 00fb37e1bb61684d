// Validates Kubernetes, Flux and Argo CD objects against their projects' schemas
// (kubernetes-models, @kubernetes-models/flux-cd, @kubernetes-models/argo-cd, which are ESM-only).
// Reads a JSON array of objects on stdin; prints a JSON array of "<kind>/<name>: <errors>" lines.
import { readFileSync } from 'fs';

const MODULES = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'rbac.authorization.k8s.io/v1': 'kubernetes-models/rbac.authorization.k8s.io/v1',
  'admissionregistration.k8s.io/v1': 'kubernetes-models/admissionregistration.k8s.io/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'apiextensions.k8s.io/v1': 'kubernetes-models/apiextensions.k8s.io/v1',
  'helm.toolkit.fluxcd.io/v2': '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2',
  'source.toolkit.fluxcd.io/v1': '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1',
  'argoproj.io/v1alpha1': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
};

const objects = JSON.parse(readFileSync(0, 'utf-8'));
const problems = [];
for (const obj of objects) {
  const where = `${obj.kind}/${obj.metadata?.name}`;
  const module = MODULES[obj.apiVersion];
  if (!module) {
    problems.push(`${where}: no schema for apiVersion ${obj.apiVersion}`);
    continue;
  }
  const Model = (await import(module))[obj.kind];
  if (!Model) {
    problems.push(`${where}: no schema for kind ${obj.kind} in ${obj.apiVersion}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));

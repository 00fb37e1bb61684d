/**
 * Validates manifests against the served versions of ESO's CRDs (OpenAPI v3 via ajv).
 *
 * Stricter than the API server in one way on purpose: a field the schema does not know fails
 * here, where the server would silently prune it.
 */
import * as fs from 'fs';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { esoBundlePath } from './eso-crds';

let validators: Map<string, ValidateFunction> | undefined;

function load(): Map<string, ValidateFunction> {
  if (validators) {
    return validators;
  }
  const file = esoBundlePath();
  if (!file) {
    throw new Error('the eso v2.9.0 crd bundle is missing: run the tests through jest (its global setup fetches it) or see test/support/eso-crds.ts');
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  validators = new Map();
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const crd = doc.toJSON();
    if (crd?.kind !== 'CustomResourceDefinition') {
      continue;
    }
    for (const version of crd.spec.versions) {
      if (!version.served) {
        continue;
      }
      const schema = toJsonSchema(version.schema.openAPIV3Schema);
      validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
  return validators;
}

/** OpenAPI v3 (with Kubernetes extensions) to JSON Schema for ajv. */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) {
    return node.map(toJsonSchema);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'description') {
      continue;
    }
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, toJsonSchema(s)]));
    } else {
      out[k] = toJsonSchema(v);
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  if (out.properties && out.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** Whether an object is an ESO kind (any ESO API group). */
export function isEsoObject(obj: any): boolean {
  return typeof obj?.apiVersion === 'string' && /(^|\.)external-secrets\.io\//.test(obj.apiVersion);
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Errors of one ESO object against its CRD schema; empty when it is valid. */
export function esoSchemaErrors(obj: any): string[] {
  const [group, version] = String(obj.apiVersion).split('/');
  const validate = load().get(`${group}/${version}/${obj.kind}`);
  const id = `${obj.kind} ${obj.metadata?.name}`;
  if (!validate) {
    return [`${id}: ${obj.apiVersion} ${obj.kind} is not served by eso v2.9.0`];
  }
  const errors: string[] = [];
  if (!validate(obj)) {
    errors.push(...(validate.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  }
  if (typeof obj.metadata?.name !== 'string' || obj.metadata.name.length > 253 || !NAME.test(obj.metadata.name)) {
    errors.push(`${id}: metadata.name is not a dns subdomain`);
  }
  if (obj.metadata?.namespace !== undefined && !LABEL.test(obj.metadata.namespace)) {
    errors.push(`${id}: metadata.namespace is not a dns label`);
  }
  return errors;
}

/** Fails with every schema error of every ESO object in `manifests`. Returns the ESO objects. */
export function expectValidEso(manifests: any[]): any[] {
  const eso = manifests.filter(isEsoObject);
  const errors = eso.flatMap(esoSchemaErrors);
  if (errors.length) {
    throw new Error(`eso schema validation failed:\n${errors.join('\n')}`);
  }
  return eso;
}

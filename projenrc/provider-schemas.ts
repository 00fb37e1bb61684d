/**
 * Generates src/core/providers/custom/schemas.generated.ts: the schema of every provider block
 * under a SecretStore's `spec.provider`, taken from the pinned ESO CRD bundle at build time (it is
 * upstream data, so it is derived here and never committed).
 *
 * Runs before compile, before the examples and in the tests' global setup. It refuses a bundle
 * whose validation rules use CEL beyond what the runtime checker evaluates, so a newer bundle
 * cannot pass unchecked rules through.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ESO_BUNDLE_SHA256, ensureEsoBundle } from './eso-bundle';
import { celProblem } from '../src/core/providers/custom/schema';

const OUT = path.resolve(__dirname, '..', 'src', 'core', 'providers', 'custom', 'schemas.generated.ts');

// Words for people, not rules: dropped to keep the library small.
const DROPPED = new Set(['description', 'default', 'example']);

/** Writes the generated file when it is missing or stale; returns its path. */
export async function generateProviderSchemas(): Promise<string> {
  const bundle = await ensureEsoBundle();
  const providers = { secretStore: undefined as any, clusterSecretStore: undefined as any };
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(bundle, 'utf8'))) {
    const crd = doc.toJSON();
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec.group !== 'external-secrets.io') {
      continue;
    }
    const v1 = crd.spec.versions.find((v: any) => v.name === 'v1');
    const provider = v1?.schema?.openAPIV3Schema?.properties?.spec?.properties?.provider;
    if (crd.spec.names.kind === 'SecretStore') {
      providers.secretStore = provider;
    } else if (crd.spec.names.kind === 'ClusterSecretStore') {
      providers.clusterSecretStore = provider;
    }
  }
  if (!providers.secretStore?.properties) {
    throw new Error(`${bundle}: no SecretStore v1 spec.provider schema`);
  }
  if (JSON.stringify(providers.secretStore) !== JSON.stringify(providers.clusterSecretStore)) {
    throw new Error(`${bundle}: SecretStore and ClusterSecretStore provider schemas differ; the custom provider check assumes one`);
  }
  const schemas: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(providers.secretStore.properties)) {
    schemas[key] = compact(schema, `provider.${key}`);
  }
  const text = [
    '// Generated from ESO v2.9.0\'s CRD bundle (sha256 ' + ESO_BUNDLE_SHA256 + ') by',
    '// projenrc/provider-schemas.ts at build time. Not committed; do not edit.',
    '/* eslint-disable */',
    'import { SchemaNode } from \'./schema\';',
    '',
    '/** The schema of each provider block under `spec.provider`, by its key. */',
    `export const PROVIDER_SCHEMAS: { readonly [key: string]: SchemaNode } = ${JSON.stringify(schemas)};`,
    '',
  ].join('\n');
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) {
    fs.writeFileSync(OUT, text);
  }
  return OUT;
}

function compact(node: any, where: string): any {
  if (Array.isArray(node)) {
    return node.map((n) => compact(n, where));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k)) {
      continue;
    }
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as object).map(([f, s]) => [f, compact(s, `${where}.${f}`)]));
    } else if (k === 'x-kubernetes-validations') {
      for (const { rule } of v as Array<{ rule: string }>) {
        const problem = celProblem(rule);
        if (problem) {
          throw new Error(`${where}: validation rule outside the checked CEL subset (${problem}); extend src/core/providers/custom/schema.ts`);
        }
      }
      out[k] = (v as Array<{ rule: string; message?: string }>).map(({ rule, message }) => ({ rule, message }));
    } else if (k === 'pattern') {
      new RegExp(v as string, 'u');
      out[k] = v;
    } else {
      out[k] = compact(v, where);
    }
  }
  return out;
}

if (require.main === module) {
  generateProviderSchemas().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}

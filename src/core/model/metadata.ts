import { checkNoCredential } from './credentials';
import { fail, quote } from './errors';
import { checkName, checkNamespace, isDnsSubdomain } from './names';

/*
 * Object metadata as the Kubernetes API server validates it (k8s.io/apimachinery/pkg/api/
 * validation/objectmeta.go and pkg/util/validation/validation.go): label and annotation keys are
 * qualified names, label values are short names, and all annotations of an object together stay
 * under 256 KiB.
 */

/** The name part of a qualified name, and a label value (when not empty). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** TotalAnnotationSizeLimitB in objectmeta.go. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'it has more than one "/"';
  }
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    return `its prefix ${quote(prefix)} is not a dns subdomain (lowercase letters, digits, '-' and '.', at most 253)`;
  }
  if (name.length === 0) {
    return 'its name part is empty';
  }
  if (name.length > 63) {
    return `its name part is ${name.length} characters, over 63`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return 'its name part must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (value.length > 63) {
    return `it is ${value.length} characters, over 63`;
  }
  return QUALIFIED_NAME.test(value) ? undefined : 'it must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
}

/** Fails unless every label key and value is one the API server accepts. */
export function checkLabels(where: string, field: string, labels: { readonly [key: string]: unknown } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) {
      fail(where, 'k8s.label.key-invalid', `${field} key ${quote(key)} is not a valid label key: ${keyProblem}; use e.g. "app.kubernetes.io/name"`);
    }
    if (typeof value !== 'string') {
      fail(where, 'k8s.label.value-not-string', `${field}[${quote(key)}] is ${value === null ? 'null' : typeof value}; label values are strings (quote numbers and booleans, e.g. "true")`);
    }
    checkNoCredential(where, `${field}[${quote(key)}]`, value, 'labels are readable by anyone who can list the object: keep the value in the backend and read it with a reference (store.ref)');
    const valueProblem = labelValueProblem(value);
    if (valueProblem) {
      fail(where, 'k8s.label.value-invalid', `${field}[${quote(key)}] ${quote(value)} is not a valid label value: ${valueProblem}; put longer or free-form text in an annotation`);
    }
  }
}

/** Fails unless every annotation key is a qualified name, values are strings, and they fit 256 KiB. */
export function checkAnnotations(where: string, field: string, annotations: { readonly [key: string]: unknown } | undefined): void {
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) {
      fail(where, 'k8s.annotation.key-invalid', `${field} key ${quote(key)} is not a valid annotation key: ${keyProblem}; use e.g. "example.com/owner"`);
    }
    if (typeof value !== 'string') {
      fail(where, 'k8s.annotation.value-not-string', `${field}[${quote(key)}] is ${value === null ? 'null' : typeof value}; annotation values are strings (quote numbers and booleans, or JSON.stringify objects)`);
    }
    checkNoCredential(where, `${field}[${quote(key)}]`, value, 'annotations are readable by anyone who can get the object: keep the value in the backend and read it with a reference (store.ref)');
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > ANNOTATIONS_SIZE_LIMIT) {
    fail(where, 'k8s.annotation.too-large', `${field} total ${size} bytes, over the api server's limit of ${ANNOTATIONS_SIZE_LIMIT} bytes for an object's annotations; move the large values into a ConfigMap`);
  }
}

/** Metadata a user passes to a construct or component. */
export interface UserMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: { readonly [key: string]: unknown };
  readonly annotations?: { readonly [key: string]: unknown };
}

/**
 * Fails unless user-given metadata is what the API server accepts. A field given as `undefined`
 * counts as not given (the object gets its generated name).
 */
export function checkMetadata(where: string, field: string, metadata: UserMetadata | undefined): void {
  if (metadata === undefined || metadata === null) {
    return;
  }
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    fail(where, 'k8s.metadata.not-object', `${field} must be an object ({ name, namespace, labels, annotations }), got ${quote(metadata)}`);
  }
  if (metadata.name !== undefined) {
    if (typeof metadata.name !== 'string') {
      fail(where, 'k8s.metadata.name-not-string', `${field}.name is ${typeof metadata.name}; give a string, or leave it out for the generated name`);
    }
    checkName(where, `${field}.name`, metadata.name);
  }
  if (metadata.namespace !== undefined) {
    if (typeof metadata.namespace !== 'string') {
      fail(where, 'k8s.metadata.namespace-not-string', `${field}.namespace is ${typeof metadata.namespace}; give a string, or leave it out for the chart's namespace`);
    }
    checkNamespace(where, `${field}.namespace`, metadata.namespace);
  }
  checkLabels(where, `${field}.labels`, metadata.labels);
  checkAnnotations(where, `${field}.annotations`, metadata.annotations);
}

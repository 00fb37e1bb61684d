import { fail, quote } from './errors';
import { described } from './shape';

/** RFC 1123 DNS subdomain: names of referenced Kubernetes objects (≤ 253 characters). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** RFC 1123 DNS label: namespaces (≤ 63 characters). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes Secret data keys (≤ 253 characters). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Whether `value` is a valid RFC 1123 DNS subdomain. */
export function isDnsSubdomain(value: string): boolean {
  return value.length >= 1 && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** Whether `value` is a valid RFC 1123 DNS label. */
export function isDnsLabel(value: string): boolean {
  return value.length >= 1 && value.length <= 63 && DNS_LABEL.test(value);
}

/**
 * Whether `value` may be a key of a Kubernetes Secret: besides the characters, not "." or ".."
 * and not starting with ".." (the key becomes a file name when the Secret is mounted;
 * k8s.io/apimachinery/pkg/util/validation IsConfigMapKey).
 */
export function isSecretKey(value: string): boolean {
  return value.length >= 1 && value.length <= 253 && SECRET_KEY.test(value) && value !== '.' && !value.startsWith('..');
}

/**
 * Fails unless `value` is a string: names also arrive from outside esokit's typed inputs (a
 * chart's namespace, metadata from JavaScript), where a number or an object would otherwise
 * fail deep inside with a TypeError.
 */
function checkString(where: string, field: string, value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') {
    fail(where, 'k8s.name.not-a-string', `${field} is ${described(value)}; expected a string (${what})`);
  }
}

/** Fails unless `value` is a DNS subdomain (object names, ServiceAccount names). */
export function checkName(where: string, field: string, value: string): void {
  checkString(where, field, value, 'a kubernetes name');
  if (!isDnsSubdomain(value)) {
    fail(where, 'k8s.name.invalid', `${field} ${quote(value)} is not a valid kubernetes name (RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit); use e.g. ${quote(suggestName(value))}`);
  }
}

/** Fails unless `value` is a DNS label (namespaces). */
export function checkNamespace(where: string, field: string, value: string): void {
  checkString(where, field, value, 'a namespace');
  if (!isDnsLabel(value)) {
    fail(where, 'k8s.namespace.invalid', `${field} ${quote(value)} is not a valid namespace (RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit); use e.g. ${quote(suggestName(value).replace(/\./g, '-').slice(0, 63))}`);
  }
}

/** Fails unless `value` is a DNS label (volume, port and container names). */
export function checkDnsLabel(where: string, field: string, value: string): void {
  checkString(where, field, value, 'a kubernetes name');
  if (!isDnsLabel(value)) {
    fail(where, 'k8s.dns-label.invalid', `${field} ${quote(value)} is not a valid name here (RFC 1123 label: at most 63 lowercase letters, digits and '-', no dots); use e.g. ${quote(suggestName(value).replace(/\./g, '-').slice(0, 63))}`);
  }
}

/** Fails unless `value` can be a key of a Kubernetes Secret. */
export function checkSecretKey(where: string, field: string, value: string): void {
  checkString(where, field, value, 'a secret key');
  if (!isSecretKey(value)) {
    if (value === '.' || value.startsWith('..')) {
      fail(where, 'k8s.secret-key.invalid', `${field} ${quote(value)} is not a valid secret key (it must not be "." or start with "..", as it becomes a file name when the Secret is mounted); use e.g. ${quote(value.replace(/^\.+/, '') || 'value')}`);
    }
    fail(where, 'k8s.secret-key.invalid', `${field} ${quote(value)} is not a valid secret key (1 to 253 characters of letters, digits, '-', '_' and '.'); use e.g. ${quote(value.replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 253) || 'value')}`);
  }
}

/** A best-effort valid name derived from an invalid one, for error messages. */
function suggestName(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253)
    .replace(/[^a-z0-9]+$/, '');
  return cleaned || 'my-name';
}

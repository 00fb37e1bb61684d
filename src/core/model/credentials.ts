import { fail } from './errors';

/*
 * Credentials where esokit would write them into a manifest (and so into Git): template data,
 * labels, annotations, raw provider blocks, URLs, chart values, a remote key or Secret key name.
 * Detection is by the credential's own shape (prefixes and structure its issuer defines), never
 * by how random a string looks, so ordinary values (ARNs, UUIDs, hashes, public certificates,
 * Go templates) pass. The value is never echoed: a message names the field and the kind only.
 */

interface Detector {
  readonly kind: string;
  readonly pattern: RegExp;
}

const DETECTORS: readonly Detector[] = [
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'an aws access key id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])/ },
  { kind: 'an aws secret access key', pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i },
  { kind: 'a github token', pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})/ },
  { kind: 'a gitlab token', pattern: /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a slack token', pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a google api key', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { kind: 'a stripe secret key', pattern: /(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{20,}/ },
  { kind: 'a vault token', pattern: /(?<![A-Za-z0-9_.])hv[sbr]\.[A-Za-z0-9_-]{24,}/ },
  { kind: 'a json web token', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
  { kind: 'a password in a url', pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s/:@{}]+:[^\s/@{}]+@[^\s/]/i },
  { kind: 'an azure storage account key', pattern: /AccountKey=[A-Za-z0-9/+]{60,}={0,2}/ },
  { kind: 'an http basic or bearer credential', pattern: /\b(?:Basic [A-Za-z0-9+/]{12,}={0,2}|Bearer [A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9+/=])/ },
  { kind: 'a registry credential', pattern: /"auth"\s*:\s*"[A-Za-z0-9+/]{8,}={0,2}"/ },
];

/** The kind of credential `value` carries, or undefined when it carries none. */
export function credentialKind(value: string): string | undefined {
  // No detector matches fewer characters ("a://b:c@d" is the shortest).
  if (value.length < 9) {
    return undefined;
  }
  // Go template actions read values at reconcile time: what is inside them is never a value.
  const text = value.includes('{{') ? value.replace(/\{\{[\s\S]*?\}\}/g, ' ') : value;
  return DETECTORS.find((d) => d.pattern.test(text))?.kind;
}

/** Fails when `value` (at `field`) carries a credential, saying where it belongs instead. */
export function checkNoCredential(where: string, field: string, value: unknown, instead: string): void {
  if (typeof value !== 'string') {
    return;
  }
  const kind = credentialKind(value);
  if (kind) {
    fail(where, 'credentials.in-manifest', `${field} holds what looks like ${kind}; esokit would write it into the manifest (and so into git) as it is, so ${instead}`);
  }
}

/** What a value in an object's fields should be instead of a credential, by default. */
export const KEEP_IT_IN_THE_BACKEND = 'keep the value in the backend and read it with a reference (store.ref), or put it in a kubernetes Secret and reference that Secret';

/** Fails when any string inside `value` (walked recursively, at `field`) carries a credential. */
export function checkNoCredentials(where: string, field: string, value: unknown, instead = KEEP_IT_IN_THE_BACKEND): void {
  walk(where, () => field, value, instead);
}

/** The walk of checkNoCredentials, naming a field only for a message (most values carry none). */
function walk(where: string, field: () => string, value: unknown, instead: string): void {
  if (typeof value === 'string') {
    const kind = credentialKind(value);
    if (kind) {
      checkNoCredential(where, field(), value, instead);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(where, () => `${field()}[${i}]`, v, instead));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      if (credentialKind(k)) {
        checkNoCredential(where, `${field()} key ${JSON.stringify(k)}`, k, instead);
      }
      walk(where, () => (/^[A-Za-z_][\w-]*$/.test(k) ? `${field()}.${k}` : `${field()}[${JSON.stringify(k)}]`), (value as Record<string, unknown>)[k], instead);
    }
  }
}

/** Like checkNoCredentials over each field of a rendered spec, named without a prefix. */
export function checkSpecForCredentials(where: string, spec: Record<string, unknown>, instead = KEEP_IT_IN_THE_BACKEND): void {
  for (const [field, value] of Object.entries(spec)) {
    checkNoCredentials(where, field, value, instead);
  }
}

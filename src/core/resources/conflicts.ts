import { CreationPolicy, ExternalSecretDeclaration, declaredKeys, targetSecretName } from './external-secret';
import { fail, listOf, quote } from '../model/errors';

/*
 * ExternalSecrets of one app that write the same Secret, and workloads that read a Secret no
 * ExternalSecret of the app writes: what ESO's controller does with them
 * (pkg/controllers/externalsecret/externalsecret_controller.go: applyOwnership refuses to write
 * a Secret another ExternalSecret owns, ErrSecretIsOwned; externalsecret_controller_template.go
 * keeps a Secret's other keys only for creationPolicy Merge and CreateOrMerge).
 */

/** How an ExternalSecret writes its target Secret. */
function writeMode(decl: ExternalSecretDeclaration): CreationPolicy {
  return decl.target?.creationPolicy ?? CreationPolicy.OWNER;
}

function secretOf(decl: ExternalSecretDeclaration): string {
  return `${decl.namespace ?? '(no namespace)'}/${targetSecretName(decl)}`;
}

/** ExternalSecrets that write the same Secret as `decl` (same namespace and target name). */
export function sameTarget(decl: ExternalSecretDeclaration, all: readonly ExternalSecretDeclaration[]): ExternalSecretDeclaration[] {
  return all.filter((o) => o.where !== decl.where && o.namespace === decl.namespace && targetSecretName(o) === targetSecretName(decl));
}

/**
 * Fails when the app also declares the Secret that `decl` owns or orphans: ESO takes over an
 * existing Secret without an owner and replaces its keys with its own (#4548), and the tool that
 * applies the app's manifests puts them back, so the two keep rewriting it.
 */
export function checkDeclaredSecret(decl: ExternalSecretDeclaration, declaredBy: readonly string[]): void {
  const mode = writeMode(decl);
  if (declaredBy.length === 0 || (mode !== CreationPolicy.OWNER && mode !== CreationPolicy.ORPHAN)) {
    return;
  }
  fail(decl.where, 'external-secret.target.declared-secret', `target Secret ${quote(secretOf(decl))} is also declared by ${declaredBy.join(', ')}; with creationPolicy ${quote(mode)} eso takes it over and replaces its keys with the ExternalSecret's, `
    + 'and applying the app puts them back, so the two keep rewriting it; to add keys to that Secret use creationPolicy "Merge", otherwise remove the Secret from the app or give target.name another name');
}

/** Fails when `decl` and another ExternalSecret of the app would fight over one Secret. */
export function checkTargetConflicts(decl: ExternalSecretDeclaration, all: readonly ExternalSecretDeclaration[]): void {
  const mine = writeMode(decl);
  if (mine === CreationPolicy.NONE) {
    return;
  }
  for (const other of sameTarget(decl, all)) {
    const theirs = writeMode(other);
    if (theirs === CreationPolicy.NONE) {
      continue;
    }
    const secret = quote(secretOf(decl));
    const fix = 'give one of them another target.name, or let both merge (creationPolicy "Merge" or "CreateOrMerge") with different keys';
    if (mine === CreationPolicy.OWNER || theirs === CreationPolicy.OWNER) {
      const [owner, writer] = mine === CreationPolicy.OWNER ? [decl.where, other.where] : [other.where, decl.where];
      fail(decl.where, 'external-secret.target.owned-by-another', `target Secret ${secret} is also written by ${other.where}; ${owner} owns it (creationPolicy "Owner"), `
        + `and eso refuses every other ExternalSecret that writes a Secret one owns (${writer} would fail with "secret is owned by another ExternalSecret"); ${fix}`);
    }
    if (mine === CreationPolicy.ORPHAN || theirs === CreationPolicy.ORPHAN) {
      fail(decl.where, 'external-secret.target.overwritten', `target Secret ${secret} is also written by ${other.where}, and creationPolicy "Orphan" replaces the Secret's keys with its own `
        + `on every refresh, so the two would keep removing each other's keys; ${fix}`);
    }
    const shared = declaredKeys(decl).keys.filter((k) => declaredKeys(other).keys.includes(k));
    if (shared.length > 0) {
      fail(decl.where, 'external-secret.target.same-keys', `target Secret ${secret} is also written by ${other.where}, and both set ${listOf(shared)}; `
        + 'the value would flip with whichever refreshed last, so let one ExternalSecret own each key');
    }
  }
}

/**
 * What a workload reading the Secret of `decl` gets, when no ExternalSecret of the app writes it:
 * an error for creationPolicy None (eso never writes it), a warning for Merge (eso waits for the
 * Secret to exist, SecretMissing, until something else creates it).
 */
export function readWithoutProducer(decl: ExternalSecretDeclaration, all: readonly ExternalSecretDeclaration[], use: string): string | undefined {
  const mode = writeMode(decl);
  if (mode !== CreationPolicy.NONE && mode !== CreationPolicy.MERGE) {
    return undefined;
  }
  const producers = sameTarget(decl, all).filter((o) => writeMode(o) !== CreationPolicy.NONE && writeMode(o) !== CreationPolicy.MERGE);
  if (producers.length > 0) {
    return undefined;
  }
  const secret = quote(secretOf(decl));
  if (mode === CreationPolicy.NONE) {
    fail(decl.where, 'external-secret.target.never-written', `${use} reads Secret ${secret}, but the ExternalSecret has creationPolicy "None", so eso never writes it and no other ExternalSecret of the app does; `
      + 'use creationPolicy "Owner" (the default) to have eso create it, or read the Secret that exists');
  }
  return `${decl.where}: ${use} reads Secret ${secret}, which the ExternalSecret only merges into (creationPolicy "Merge") and no ExternalSecret of the app creates; `
    + 'eso waits (SecretMissing) until something else creates it, and the pod cannot start before; use "CreateOrMerge" to have eso create it when missing';
}

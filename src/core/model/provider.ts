import { IamGrants, RbacGrants, VaultGrants } from './grants';
import { StoreKind } from './kinds';
import { FindShape, ReferenceShape, StoreRead } from './reads';
import { NamespacedRef } from './selectors';
import { PushEntryShape, StoreWrite } from './writes';

/**
 * The contract every backend module fulfils (one folder under `providers/`). A module is a
 * factory of `ProviderHandle`s: the backend configured with the user's options. Nothing outside
 * the module switches over backends; the binding layer and the resources ask the handle.
 */

/** The `auth` block a store identity sets in place of the provider's own (`block` undefined: none). */
export interface IdentityAuth {
  readonly block?: Record<string, unknown>;
}

/** What a store is, as a provider's rules need it. */
export interface StoreContext {
  readonly name: string;
  readonly kind: StoreKind;
  readonly namespace?: string;
}

/** What an AWS identity brings to the derivation of a provider's IAM grants. */
export interface AwsIdentityContext {
  readonly where: string;
  readonly partition: string;
  readonly account: string;
  /** The identity's own role, which a provider role chain must not name. */
  readonly roleArn: string;
  readonly allowUnscopedFind?: boolean;
}

/** What a Vault identity brings to the derivation of a provider's Vault grants. */
export interface VaultIdentityContext {
  readonly where: string;
  readonly allowUnscopedFind?: boolean;
}

/** What a Kubernetes identity brings to the derivation of a provider's RBAC grants. */
export interface KubernetesIdentityContext {
  readonly where: string;
  /** Accept a find, which needs `list` on every Secret of the namespace, instead of failing. */
  readonly allowUnscopedFind?: boolean;
}

/**
 * The permissions a provider can derive, per identity family. A family the provider has no
 * entry for cannot serve it ("cannot authenticate"): data, not code.
 */
export interface ProviderPermissions {
  readonly 'aws-iam'?: (ctx: AwsIdentityContext, reads: readonly StoreRead[], writes: readonly StoreWrite[]) => IamGrants;
  readonly 'vault-acl'?: (ctx: VaultIdentityContext, reads: readonly StoreRead[], writes: readonly StoreWrite[]) => VaultGrants;
  readonly 'kubernetes-rbac'?: (ctx: KubernetesIdentityContext, reads: readonly StoreRead[], writes: readonly StoreWrite[]) => RbacGrants;
}

/** The identity families. */
export type IdentityFamily = keyof ProviderPermissions;

/**
 * A backend's price per API call, for the cost model: US dollars per 10,000 calls, `free` when
 * calls cost nothing, `not-modelled` only for the raw escape hatch.
 */
export type ProviderPrice = { readonly per10k: number; readonly note?: string } | 'free' | 'not-modelled';

/**
 * What a preflight (a later `verify` command) asks of a backend. Each provider module that can be
 * checked against its backend supplies one, loaded lazily so synth never loads an SDK.
 */
export interface PreflightClient {
  /** Whether a referenced remote key exists and is readable with the current credentials. */
  checkReference(ref: ReferenceShape): Promise<{ readonly ok: boolean; readonly detail?: string }>;
}

/** A backend configured with the user's options. */
export interface ProviderHandle {
  /** The key under `spec.provider` (`aws`, `vault`, `kubernetes`, `fake`, …). */
  readonly key: string;
  /** The backend's name for messages and cost lines (`AWS Secrets Manager`). */
  readonly displayName: string;
  /**
   * Whether the user explicitly accepted that the provider block carries values into the
   * manifest (the fake provider's test data): the credential check then skips the store's spec.
   */
  readonly valuesInManifestAcknowledged?: boolean;
  /** Whether the user set the provider's own `auth` (then a store identity cannot). */
  readonly hasOwnAuth: boolean;
  /** What the provider can grant, per identity family. */
  readonly permissions: ProviderPermissions;
  /** Per-call price. */
  readonly price: ProviderPrice;
  /** Validates and renders the block under `spec.provider[key]`; `auth` comes from a store identity. */
  render(where: string, store: StoreContext, auth?: IdentityAuth): Record<string, unknown>;
  /** References inside the block that name (or may name) a namespace, for the SecretStore rule. */
  namespacedRefs(): NamespacedRef[];
  /**
   * Validates one push entry as ESO's provider will receive it and returns its `metadata` as ESO
   * must receive it. Absent when ESO's provider cannot push (a PushSecret through the store is then
   * refused).
   */
  checkPush?(where: string, field: string, write: PushEntryShape, store: StoreContext): Record<string, unknown> | undefined;
  /** Fails for a reference ESO's provider would reject or misread. */
  checkReference(where: string, field: string, ref: ReferenceShape, store: StoreContext): void;
  /** Validates a find and returns it as ESO must receive it to do what the user meant. */
  renderFind(where: string, field: string, find: FindShape, store: StoreContext): FindShape;
  /**
   * Keys a find may produce, when the backend names keys by a known rule; the find's rewrites
   * are refused when they make none of them a Secret key. Empty when they cannot be known.
   */
  foundKeySamples?(find: FindShape): string[];
  /** Warnings about the configuration itself (printed once at synth). */
  warnings(where: string): string[];
  /** The preflight client, loaded on demand; absent when the backend cannot be checked. */
  preflight?(): Promise<PreflightClient>;
}

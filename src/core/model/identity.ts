import { StoreKind } from './kinds';
import { IdentityFamily } from './provider';
import { StoreRead } from './reads';
import { StoreHandle } from './store-handle';
import { StoreWrite } from './writes';

/**
 * The contract every identity module fulfils (one file under `identities/`): how a store
 * authenticates as it, what its ServiceAccount carries, and the documents derived for it from the
 * grants of the providers it serves.
 */

/** How a store's identity gets its ServiceAccount. */
export interface ServiceAccountSpec {
  /** `create`: the library creates one per store; `existing`: the user's; `controller`: ESO's own. */
  readonly mode: 'create' | 'existing' | 'controller';
  readonly name?: string;
  readonly namespace?: string;
}

/** The ServiceAccount an identity uses for one store, resolved. */
export interface BoundServiceAccount {
  readonly name: string;
  readonly namespace: string;
  readonly mode: ServiceAccountSpec['mode'];
}

/** One store using an identity, and what that store reads. */
export interface IdentityUse {
  readonly store: StoreHandle;
  readonly serviceAccount: BoundServiceAccount;
  readonly reads: readonly StoreRead[];
  /** What PushSecrets write through that store. */
  readonly writes: readonly StoreWrite[];
}

/** What every identity spec has. */
export interface IdentitySpecBase {
  readonly kind: string;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/** An identity module: everything about one way a store authenticates. */
export interface IdentityModule<S extends IdentitySpecBase, D> {
  readonly kind: S['kind'];
  /** Picks the provider's permissions for this identity (`provider.permissions[family]`). */
  readonly family: IdentityFamily;
  /** What the identity is, for messages (`an aws iam role`). */
  readonly description: string;
  /** Which backends it serves, for messages (`use an aws provider`). */
  readonly serves: string;
  /**
   * Whether the role is bound to the ServiceAccount by an annotation on it (IRSA): a
   * controller-wide use then annotates the controller's ServiceAccount through the chart.
   */
  readonly annotatesServiceAccount: boolean;
  /**
   * Whether the role is bound to the ServiceAccount by an EKS Pod Identity association, which
   * the front end creates beside the role.
   */
  readonly eksPodIdentityAssociation: boolean;
  /** Validates the identity on its own, before any store uses it. */
  check(where: string, spec: S): void;
  /** The provider `auth` block a store gets; undefined means none (the controller's identity). */
  authBlock(spec: S, sa: BoundServiceAccount, kind: StoreKind): Record<string, unknown> | undefined;
  /** Annotations the identity's ServiceAccount needs. */
  serviceAccountAnnotations(where: string, spec: S): Record<string, string>;
  /** The documents derived for the stores using the identity. */
  documents(where: string, spec: S, uses: readonly IdentityUse[]): D;
}

/** The ServiceAccount annotation that names the IAM role EKS gives its pods (IRSA). */
export const IRSA_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

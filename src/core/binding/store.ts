import { checkIdentityFits, identityAuth } from './identity';
import { IdentitySpec } from '../identities';
import { BoundServiceAccount } from '../model/identity';
import { StoreDeclaration, renderStoreSpec as renderSpec } from '../resources/store';

/** A store declaration with the identity it authenticates as. */
export interface BoundStoreDeclaration extends Omit<StoreDeclaration, 'auth'> {
  /** The store's identity and the ServiceAccount it resolved to; it sets the provider's auth. */
  readonly identity?: { readonly spec: IdentitySpec; readonly serviceAccount: BoundServiceAccount };
}

/** Validates a store declaration (and its identity against its backend) and renders its `spec`. */
export function renderStoreSpec(decl: BoundStoreDeclaration): Record<string, unknown> {
  const { identity, ...rest } = decl;
  if (identity) {
    checkIdentityFits(decl.where, identity.spec, decl.provider);
  }
  return renderSpec({
    ...rest,
    auth: identity ? { block: identityAuth(identity.spec, identity.serviceAccount, decl.kind) } : undefined,
  });
}

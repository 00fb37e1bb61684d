import { checkIdentityFits, identityAuth } from './identity';
import { IdentitySpec } from '../identities';
import { checkSpecForCredentials } from '../model/credentials';
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
  const spec = renderSpec({
    ...rest,
    auth: identity ? { block: identityAuth(identity.spec, identity.serviceAccount, decl.kind) } : undefined,
  });
  // A provider whose values belong in the manifest by the user's explicit choice (the fake
  // provider's acknowledged test data) is exempt; every other string of the spec is checked.
  if (!decl.provider.valuesInManifestAcknowledged) {
    checkSpecForCredentials(decl.where, spec, 'keep it in a kubernetes Secret and reference it (e.g. auth.secretRef: { name, key }), never inline in the store');
  }
  return spec;
}

/**
 * Core identity derivation over several stores: limits a front end cannot always reach on its own.
 */
import { awsIdentityDocuments } from '../../src/core/binding/identity';
import { IrsaSpec } from '../../src/core/identities/irsa';
import { PodIdentitySpec } from '../../src/core/identities/pod-identity';
import { IdentityUse } from '../../src/core/model/identity';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';

const provider = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' })._handle;
const use = (namespace: string, name: string): IdentityUse => ({
  store: { where: `c/${namespace}`, name: 'store', kind: StoreKind.SECRET_STORE, namespace, provider },
  serviceAccount: { mode: 'existing', name, namespace },
  reads: [],
  writes: [],
});

describe('aws identity documents', () => {
  test('fails when the trust policy would pass iam\'s 2048-character limit', () => {
    // GIVEN
    const spec: IrsaSpec = {
      kind: 'irsa',
      oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123',
      roleName: 'shared',
      serviceAccount: { mode: 'existing', name: 'reader' },
    };
    const uses = Array.from({ length: 60 }, (_, i) => use(`team-${i}`, 'reader'));

    // THEN
    expect(() => awsIdentityDocuments('c/s identity', spec, uses)).toThrow(
      /^c\/s identity: the derived trust policy is \d+ characters, over iam's limit of 2048; fewer ServiceAccounts can share this identity; give the stores their own identities$/);
  });

  test('fails when one pod identity is used with two ServiceAccounts', () => {
    const spec: PodIdentitySpec = {
      kind: 'podIdentity',
      clusterName: 'prod',
      account: '123456789012',
      roleName: 'eso',
      serviceAccount: { mode: 'controller' },
    };
    expect(() => awsIdentityDocuments('c/s identity', spec, [use('a', 'x'), use('b', 'y')])).toThrow(
      'c/s identity: the eks pod identity is used with 2 different ServiceAccounts (a/x, b/y); an association binds one, so give every store the same controller ServiceAccount');
  });
});

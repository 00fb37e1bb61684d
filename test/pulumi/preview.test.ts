/**
 * esokit/pulumi in a preview: an input that is not known yet (an OIDC provider created in the
 * same program) makes unknown only what depends on it.
 */
import { ACCOUNT, Recorded, recordResources, valueOf } from './mocks';

const recorded = recordResources({ preview: true });
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mocks are set, as Pulumi requires */
const aws: typeof import('@pulumi/aws') = require('@pulumi/aws');
const sdk: typeof import('@pulumi/pulumi') = require('@pulumi/pulumi');
const esokit: typeof import('../../src/pulumi') = require('../../src/pulumi');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The resource registered under `name`, once it is. */
async function registered(name: string): Promise<Recorded> {
  for (let i = 0; i < 200; i++) {
    const found = recorded.find((r) => r.name === name);
    if (found) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} was never registered`);
}

test('an unknown OIDC provider ARN leaves the ServiceAccount\'s name, namespace and annotation, the store\'s spec and the ExternalSecret known', async () => {
  // GIVEN: the OIDC provider is created by this program, so its ARN is unknown in the preview.
  const oidc = new aws.iam.OpenIdConnectProvider('cluster-oidc', { url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC123', clientIdLists: ['sts.amazonaws.com'] });
  expect(await (oidc.arn as any).isKnown).toBe(false);
  const store = new esokit.SecretStore('preview', {
    namespace: 'payments',
    provider: esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
    identity: esokit.StoreIdentity.irsa({ oidcProviderArn: oidc.arn, roleName: 'preview-eso' }),
  });
  const es = new esokit.ExternalSecret('preview-es', { store, data: { a: store.ref('preview/a') } });
  store.seal();

  // WHEN
  const serviceAccount = await registered('preview-service-account');
  const externalSecret = await registered('preview-es-external-secret');
  const storeObject = await registered('preview-secret-store');

  // THEN
  expect(serviceAccount.inputs.metadata).toEqual({
    name: 'preview',
    namespace: 'payments',
    annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/preview-eso` },
  });
  expect(await (store.serviceAccountName as any).isKnown).toBe(true);
  expect(await valueOf(store.serviceAccountName!)).toBe('preview');
  // The trust policy names the OIDC provider, so it is unknown.
  expect(await (store.trustPolicyJson as any).isKnown).toBe(false);
  // Nor does the store's auth block.
  expect(storeObject.inputs.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'preview' } } });
  // The ExternalSecret does not depend on the identity's inputs.
  expect(externalSecret.inputs.metadata).toEqual({ name: 'preview-es', namespace: 'payments' });
  expect(externalSecret.inputs.spec.data).toEqual([{ secretKey: 'a', remoteRef: { key: 'preview/a' } }]);
  expect(await (es.namespace as any).isKnown).toBe(true);
  expect(sdk.runtime.isDryRun()).toBe(true);
});

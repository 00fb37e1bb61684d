/**
 * A program under mocks that declares an identity store and its ExternalSecret but never calls
 * seal(), and an operator with a controller identity it never seals: when its event loop drains,
 * esokit reports both (seal.test.ts reads the output).
 */
import * as pulumi from '@pulumi/pulumi';

void pulumi.runtime.setMocks({
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => {
    throw new Error(`mock call not implemented: ${args.token}`);
  },
}, 'esokit-test', 'test', false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const esokit: typeof import('../../../src/pulumi') = require('../../../src/pulumi');

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const identity = (roleName: string) => esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName });
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

const forgot = new esokit.SecretStore('forgot', { namespace: 'p', provider: sm(), identity: identity('forgot') });
new esokit.ExternalSecret('forgot-es', { store: forgot, data: { a: forgot.ref('a') } });

const fine = new esokit.SecretStore('sealed-fine', { namespace: 'p', provider: sm(), identity: identity('fine') });
new esokit.ExternalSecret('fine-es', { store: fine, data: { a: fine.ref('a') } });
fine.seal();

const operator = new esokit.EsoOperator('forgot-op', {
  controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, serviceAccount: esokit.IdentityServiceAccount.controller() }),
});
const shared = new esokit.ClusterSecretStore('forgot-op-store', { provider: sm(), identity: operator.controllerIdentity });
new esokit.ExternalSecret('forgot-op-es', { store: shared, namespace: 'p', data: { a: shared.ref('a') } });

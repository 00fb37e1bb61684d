/**
 * A program under mocks whose values are wrong only once Outputs resolve. Pulumi reports such
 * errors when it registers the resources that need the value; here each failed registration
 * (an unhandled rejection without the engine) is collected, and the distinct errors' messages
 * printed as JSON, as Pulumi's runner reports them.
 */
import * as pulumi from '@pulumi/pulumi';

// Pulumi reports each error once (by identity), as the unhandled rejections are of the same error.
const errors = new Set<unknown>();
process.on('unhandledRejection', (e) => errors.add(e));
void pulumi.runtime.setMocks({
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => {
    throw new Error(`mock call not implemented: ${args.token}`);
  },
}, 'esokit-test', 'test', false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const esokit: typeof import('../../../src/pulumi') = require('../../../src/pulumi');

const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const sm = () => esokit.SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

new esokit.SecretStore('late-ns', { namespace: Promise.resolve('Not_A_Namespace'), provider: sm() });

const lateOidc = new esokit.SecretStore('late-oidc', {
  namespace: 'p',
  provider: sm(),
  identity: esokit.StoreIdentity.irsa({ oidcProviderArn: Promise.resolve('https://oidc.eks.us-east-1.amazonaws.com/id/X'), roleName: 'r' }),
});
new esokit.ExternalSecret('late-oidc-es', { store: lateOidc, data: { a: lateOidc.ref('a') } });
lateOidc.seal();

// An ExternalSecret uses the store, but every reference it makes is another store's.
const legacy = esokit.SecretStore.existing('legacy', 'p');
const unused = new esokit.SecretStore('unused', {
  namespace: 'p',
  provider: sm(),
  identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'unused' }),
});
new esokit.ExternalSecret('unused-es', { store: unused, data: { a: legacy.ref('a') } });
unused.seal();

const wild = new esokit.SecretStore('wild', {
  namespace: 'p',
  provider: sm(),
  identity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'wild' }),
});
new esokit.ExternalSecret('wild-es', { store: wild, dataFrom: [wild.find({ nameRegexp: '^app-' })] });
wild.seal();

new esokit.ExternalSecret('late-es-ns', {
  store: esokit.ClusterSecretStore.existing('shared'),
  namespace: Promise.resolve('Bad_Namespace'),
  data: { a: esokit.RemoteReference.of('a') },
});

// A key from another resource that turns out empty.
new esokit.ExternalSecret('bad-key-es', { store: legacy, data: { a: legacy.ref(Promise.resolve('')) } });

const idle = new esokit.EsoOperator('idle-op', {
  controllerIdentity: esokit.StoreIdentity.irsa({ oidcProviderArn: OIDC, roleName: 'idle', serviceAccount: esokit.IdentityServiceAccount.controller() }),
});
const idleStore = new esokit.ClusterSecretStore('idle-store', { provider: sm(), identity: idle.controllerIdentity });
new esokit.ExternalSecret('idle-es', { store: idleStore, namespace: 'p', data: { a: legacy.ref('a') } });
idle.seal();

setTimeout(() => console.log(JSON.stringify([...errors]
  .map((e) => (pulumi.ResourceError.isInstance(e) ? `ResourceError of ${(e as any).resource?.__name}: ${(e as Error).message}` : `other: ${String(e)}`))
  .sort())), 1500);

import { renderStoreSpec } from '../../src/core/binding/store';
import { GoDuration } from '../../src/core/model/duration';
import { StoreKind } from '../../src/core/model/kinds';
import { SecretStoreProvider } from '../../src/core/providers';
import { namespaceAllowed } from '../../src/core/resources/store';

describe('namespaceAllowed', () => {
  test.each([
    [undefined, 'any', true],
    [[], 'any', true],
    [[{ namespaces: ['a', 'b'] }], 'b', true],
    [[{ namespaces: ['a'] }], 'b', false],
    [[{ namespaceRegexes: ['^team-'] }], 'team-x', true],
    [[{ namespaceRegexes: ['^team-'] }], 'x-team-', false],
    [[{ namespaceRegexes: ['team'] }], 'my-team-1', true],
    [[{ namespaces: ['a'] }, { namespaceRegexes: ['^b'] }], 'bee', true],
    [[{ namespaceMatchLabels: { env: 'prod' } }], 'x', undefined],
    [[{ namespaces: ['x'], namespaceMatchLabels: { env: 'prod' } }], 'x', true],
  ])('conditions %j and namespace %p -> %p', (conditions, ns, expected) => {
    expect(namespaceAllowed(conditions as any, ns)).toBe(expected);
  });
});

describe('renderStoreSpec (framework-free)', () => {
  test('renders a spec from a plain declaration', () => {
    expect(renderStoreSpec({
      where: 'pulumi:store',
      kind: StoreKind.SECRET_STORE,
      namespace: 'team',
      provider: SecretStoreProvider.awsParameterStore({ region: 'eu-central-1' })._handle,
      refreshInterval: GoDuration.parse('1h30m'),
      retryMaxRetries: 0,
    })).toEqual({
      provider: { aws: { service: 'ParameterStore', region: 'eu-central-1' } },
      refreshInterval: '1h30m',
      retrySettings: { maxRetries: 0 },
    });
  });

  test('fails for conditions on a namespaced store', () => {
    expect(() => renderStoreSpec({
      where: 'pulumi:store',
      kind: StoreKind.SECRET_STORE,
      provider: SecretStoreProvider.awsParameterStore({ region: 'eu-central-1' })._handle,
      conditions: [{ namespaces: ['a'] }],
    })).toThrow('pulumi:store: conditions apply only to a ClusterSecretStore; remove them');
  });
});

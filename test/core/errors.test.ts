/**
 * One error type for the whole library: where, field and a stable code, with the message as before.
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterSecretStore, ExternalSecret, SecretStoreProvider } from '../../src';
import { ValidationError } from '../../src/core/model/errors';

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, none was thrown');
}

describe('ValidationError', () => {
  test('carries where, field and code beside the unchanged message', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    // WHEN
    const e = caught(() => new ClusterSecretStore(chart, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'mars-1' }) }));
    // THEN
    expect(ValidationError.isValidationError(e)).toBe(true);
    const v = e as ValidationError;
    expect(v.where).toBe('c/s');
    expect(v.field).toBe('provider.aws.region');
    expect(v.code).toBe('aws.region.invalid');
    expect(v.message).toBe('c/s: provider.aws.region "mars-1" is not an aws region; use a region code such as "us-east-1" or "eu-west-2"');
    expect(v).toBeInstanceOf(Error);
  });

  test('the field is read off the message only when it starts with one', () => {
    expect(new ValidationError('c/es', 'external-secret.data.none', 'the ExternalSecret has neither data nor dataFrom').field).toBeUndefined();
    expect(new ValidationError('c/es', 'remote-ref.key.empty', 'data[0].remoteRef.key is empty; give the name').field).toBe('data[0].remoteRef.key');
    expect(new ValidationError('c/s', 'store.controller.empty', 'controller is empty').field).toBeUndefined();
    expect(new ValidationError('c/s', 'x.y', 'text', 'explicit.field').field).toBe('explicit.field');
  });

  test('an error thrown at synth keeps its message inside the cdk8s wrapping', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    const store = new ClusterSecretStore(chart, 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) });
    new ExternalSecret(chart, 'es', { store });
    const e = caught(() => Testing.synth(chart));
    expect(String((e as Error).message)).toContain('c/es: the ExternalSecret has neither data nor dataFrom');
  });

  test('is recognised across copies by its brand, not by instanceof', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('esokit.ValidationError')]: true });
    expect(ValidationError.isValidationError(foreign)).toBe(true);
    expect(ValidationError.isValidationError(new Error('x'))).toBe(false);
    expect(ValidationError.isValidationError(undefined)).toBe(false);
  });

  test('codes name a rule, not a sentence', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'app' });
    const e = caught(() => new ClusterSecretStore(chart, 's', {
      provider: SecretStoreProvider.vault({ server: 'vault:8200' }),
    })) as ValidationError;
    expect(e.code).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });
});

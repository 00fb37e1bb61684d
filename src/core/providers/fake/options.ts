/**
 * What the store reports when ESO validates it (`validationResult`).
 */
export enum FakeValidationResult {
  /** The store is Ready (ESO's default). */
  READY = 'Ready',
  /** The store is Ready with reason ValidationUnknown. */
  UNKNOWN = 'Unknown',
  /** The store is not Ready (InvalidProviderConfig). */
  ERROR = 'Error',
}

/** ESO's integer for each validation result (apis/externalsecrets/v1/provider.go). */
export const FAKE_VALIDATION_RESULTS: Record<FakeValidationResult, number> = {
  [FakeValidationResult.READY]: 0,
  [FakeValidationResult.UNKNOWN]: 1,
  [FakeValidationResult.ERROR]: 2,
};

/**
 * One value the fake store serves, written in clear text into the store manifest.
 */
export interface FakeSecretData {
  /**
   * The remote key references name.
   */
  readonly key: string;

  /**
   * The value, in clear text (JSON for `property` and `DataFrom.extract`).
   *
   * @example '{"username":"demo","password":"not-a-secret"}'
   */
  readonly value: string;

  /**
   * The version references must name to read this entry.
   *
   * @default - no version: references without a version read it
   */
  readonly version?: string;
}

/**
 * Options of ESO's fake provider: a store serving fixed values from its own manifest, for tests
 * and demos only.
 *
 * @see https://external-secrets.io/latest/provider/fake/
 */
export interface FakeProviderOptions {
  /**
   * Confirms that every value in `data` is written in clear text into the store manifest (and so
   * into git, etcd and the view of anyone who may read the store). Must be `true`.
   */
  readonly acknowledgeValuesInManifest: boolean;

  /**
   * The values the store serves (may be empty).
   */
  readonly data: FakeSecretData[];

  /**
   * What the store reports when ESO validates it, to test how apps react to a failing store.
   *
   * @default - unset (Ready)
   */
  readonly validationResult?: FakeValidationResult;
}

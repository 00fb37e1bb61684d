import { fail, quote } from '../model/errors';
import { MetadataPolicy } from '../model/reads';
import { compact } from '../model/selectors';
import { checkArgs } from '../model/shape';
import { StoreHandle } from '../model/store-handle';

/**
 * How ESO converts secret keys it cannot store as-is.
 */
export enum ConversionStrategy {
  /** Keep keys as they are. */
  DEFAULT = 'Default',
  /** Decode `_UXXXX_` sequences into Unicode characters. */
  UNICODE = 'Unicode',
}

/**
 * How ESO decodes the fetched value before storing it.
 */
export enum DecodingStrategy {
  /** Decode base64 or base64url when the value is encoded, otherwise keep it. */
  AUTO = 'Auto',
  /** Decode standard base64. */
  BASE64 = 'Base64',
  /** Decode URL-safe base64. */
  BASE64_URL = 'Base64URL',
  /** Store the value as fetched. */
  NONE = 'None',
}

/**
 * What ESO does with values that contain NUL bytes.
 */
export enum NullBytePolicy {
  /** Store them. */
  IGNORE = 'Ignore',
  /** Fail the sync. */
  FAIL = 'Fail',
}

/**
 * How a remote value is addressed and decoded.
 *
 * Strategy fields stay out of the manifest unless set, so GitOps tools see no drift.
 */
export interface RemoteReferenceOptions {
  /**
   * A gjson path into a JSON secret: `password`, `db.primary.host`, `hosts.0`.
   *
   * A key that itself contains dots must be escaped (`key\.json`); use `propertyPath` to have
   * esokit escape it for you.
   *
   * @default - the whole value
   * @see https://github.com/tidwall/gjson/blob/master/SYNTAX.md
   */
  readonly property?: string;

  /**
   * The path into a JSON secret as a list of keys, each taken literally (dots and wildcards in a
   * key are escaped for you): `['tls', 'ca.crt']` addresses `{"tls": {"ca.crt": …}}`.
   *
   * @default - the whole value
   */
  readonly propertyPath?: string[];

  /**
   * Version of the secret: an AWS version stage (`AWSPREVIOUS`) or `uuid/<version id>`, or a
   * Vault KV v2 version number.
   *
   * @default - the current version
   */
  readonly version?: string;

  /**
   * Whether to fetch the metadata instead of the value.
   *
   * @default - unset (ESO fetches the value)
   */
  readonly metadataPolicy?: MetadataPolicy;

  /**
   * How keys are converted.
   *
   * @default - unset (ESO keeps keys as they are)
   */
  readonly conversionStrategy?: ConversionStrategy;

  /**
   * How the value is decoded.
   *
   * @default - unset (ESO stores the value as fetched)
   */
  readonly decodingStrategy?: DecodingStrategy;

  /**
   * What to do with NUL bytes in the value.
   *
   * @default - unset (ESO stores them)
   */
  readonly nullBytePolicy?: NullBytePolicy;
}

/**
 * A value in a backend: a remote key, optionally a property inside it, and how to decode it.
 *
 * Get one from a store (`store.ref('/prod/db', { property: 'password' })`), which ties it to that
 * store, or from `RemoteReference.of(...)`, which uses the ExternalSecret's own store.
 */
export class RemoteReference {
  /**
   * A reference read through the ExternalSecret's own store.
   *
   * @param key the remote key (secret name, parameter name or Vault path)
   */
  public static of(key: string, options: RemoteReferenceOptions = {}): RemoteReference {
    checkArgs('RemoteReference.of', [key, options]);
    return new RemoteReference(key, options, undefined);
  }

  /**
   * Escapes one JSON key for a gjson path, so dots, wildcards and modifiers in it are literal.
   *
   * @example RemoteReference.escapeProperty('ca.crt') // 'ca\\.crt'
   */
  public static escapeProperty(key: string): string {
    checkArgs('RemoteReference.escapeProperty', [key]);
    return key.replace(/[\\.*?|#@!]/g, (c) => `\\${c}`);
  }

  /** @internal */
  public static _bound(store: StoreHandle, key: string, options: RemoteReferenceOptions = {}): RemoteReference {
    return new RemoteReference(key, options, store);
  }

  /**
   * The remote key.
   */
  public readonly key: string;

  /**
   * The gjson property path, escaped.
   */
  public readonly property?: string;

  /**
   * The requested version.
   */
  public readonly version?: string;

  /** @internal */
  public readonly _options: RemoteReferenceOptions;

  /** @internal */
  public readonly _store?: StoreHandle;

  private constructor(key: string, options: RemoteReferenceOptions, store: StoreHandle | undefined) {
    this.key = key;
    this._options = { ...options };
    this._store = store;
    this.version = options.version;
    if (options.property !== undefined && options.propertyPath !== undefined) {
      fail(store?.where ?? 'remote reference', 'remote-ref.reference.conflict', `reference to ${quote(key)} has both property and propertyPath; give one (propertyPath escapes keys for you)`);
    }
    this.property = options.propertyPath !== undefined
      ? options.propertyPath.map(RemoteReference.escapeProperty).join('.')
      : options.property;
  }

  /**
   * Validates the reference for use through `store`, rendered as `remoteRef` / `extract`.
   *
   * @internal
   */
  public _render(where: string, field: string, store: StoreHandle): Record<string, unknown> {
    checkRemoteKey(where, `${field}.key`, this.key);
    const o = this._options;
    if (o.propertyPath !== undefined && (o.propertyPath.length === 0 || o.propertyPath.some((p) => p === ''))) {
      fail(where, 'remote-ref.property-path.empty-key', `${field}.property: propertyPath ${quote(o.propertyPath)} has an empty key; list the json keys from the outside in, e.g. ["db", "password"]`);
    }
    if (this.property !== undefined && this.property.trim() === '') {
      fail(where, 'remote-ref.property.empty', `${field}.property is empty; omit it to take the whole value, or name a json key`);
    }
    if (this.version !== undefined && this.version.trim() === '') {
      fail(where, 'remote-ref.version.empty', `${field}.version is empty; omit it to take the current version`);
    }
    store.provider?.checkReference(where, field, {
      key: this.key,
      property: this.property,
      version: this.version,
      metadataPolicy: o.metadataPolicy,
    }, store);
    return compact({
      key: this.key,
      property: this.property,
      version: this.version,
      metadataPolicy: o.metadataPolicy,
      conversionStrategy: o.conversionStrategy,
      decodingStrategy: o.decodingStrategy,
      nullBytePolicy: o.nullBytePolicy,
    });
  }
}

function checkRemoteKey(where: string, field: string, key: string): void {
  if (key.trim() === '') {
    fail(where, 'remote-ref.key.empty', `${field} is empty; give the name or path of the secret in the backend, e.g. "/production/db"`);
  }
  if (key !== key.trim()) {
    fail(where, 'remote-ref.key.spaces', `${field} ${quote(key)} has leading or trailing spaces; remove them`);
  }
}

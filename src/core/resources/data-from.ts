import { checkGoTemplate } from './go-template/check';
import { ConversionStrategy, DecodingStrategy, NullBytePolicy, RemoteReference } from './remote-ref';
import { fail, quote } from '../model/errors';
import { isSecretKey } from '../model/names';
import { FindShape } from '../model/reads';
import { checkRegex, checkReplacementTemplate, compileGoRegex, goRegexMatches, goReplaceAll, parseGoTemplate } from '../model/regex';
import { compact } from '../model/selectors';
import { checkArgs } from '../model/shape';
import { StoreHandle } from '../model/store-handle';

/**
 * A rewrite of the keys `dataFrom` produces, applied in order.
 *
 * @see https://external-secrets.io/latest/guides/datafrom-rewrite/
 */
export class Rewrite {
  /**
   * Replace matches of a Go regular expression in each key. In `target`, `${1}` is group 1 and
   * `${name}` a named group; `$1` works only when no letter, digit or `_` follows (Go reads `$1_x`
   * as the group named `1_x`), and `$$` is a literal `$`.
   *
   * @example Rewrite.regexp('^path/to/(.*)$', '${1}_prod')
   */
  public static regexp(source: string, target: string): Rewrite {
    checkArgs('Rewrite.regexp', [source, target]);
    return new Rewrite({ regexp: { source, target } });
  }

  /**
   * Rewrite each key with a Go template; `.value` is the key.
   *
   * @example Rewrite.transform('{{ .value | upper }}')
   */
  public static transform(template: string): Rewrite {
    checkArgs('Rewrite.transform', [template]);
    return new Rewrite({ transform: { template } });
  }

  private constructor(private readonly spec: { regexp?: { source: string; target: string }; transform?: { template: string } }) {}

  /** The regexp rewrite's source and target, if this is one. @internal */
  public get _regexp(): { readonly source: string; readonly target: string } | undefined {
    return this.spec.regexp;
  }

  /** @internal */
  public _render(where: string, field: string): Record<string, unknown> {
    if (this.spec.regexp) {
      const { source, target } = this.spec.regexp;
      checkRegex(where, `${field}.regexp.source`, source);
      if (source === '') {
        fail(where, 'data-from.regexp.source.empty', `${field}.regexp.source is empty; give the pattern to replace`);
      }
      // ESO rewrites each key with regexp.Compile(source).ReplaceAllString(key, target), which
      // expands $ references in target (runtime/esutils/utils.go, RewriteRegexp).
      checkReplacementTemplate(where, `${field}.regexp.target`, source, target);
      return { regexp: { source, target } };
    }
    if (this.spec.transform!.template.trim() === '') {
      fail(where, 'data-from.transform.template.empty', `${field}.transform.template is empty; give a go template such as "{{ .value | upper }}"`);
    }
    // ESO executes it over {"value": <key>} (runtime/esutils/utils.go, RewriteTransform).
    checkGoTemplate(where, `${field}.transform.template`, 'transform', this.spec.transform!.template, { keys: ['value'], rewrite: true });
    return { transform: { ...this.spec.transform } };
  }
}

/**
 * Options of every `dataFrom` entry.
 */
export interface DataFromOptions {
  /**
   * Key rewrites, applied in order.
   *
   * @default - keys are kept as the backend returns them
   */
  readonly rewrite?: Rewrite[];
}

/**
 * Which secrets a `find` selects. At least one of `path`, `nameRegexp` or `tags` is needed.
 */
export interface FindOptions extends DataFromOptions {
  /**
   * Only secrets under this path (name prefix).
   *
   * @default - any path
   * @example '/production/app/'
   */
  readonly path?: string;

  /**
   * Only secrets whose name matches this regular expression.
   *
   * @default - any name
   */
  readonly nameRegexp?: string;

  /**
   * Only secrets carrying all these tags.
   *
   * @default - any tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * How keys are converted.
   *
   * @default - unset (ESO keeps keys as they are)
   */
  readonly conversionStrategy?: ConversionStrategy;

  /**
   * How values are decoded.
   *
   * @default - unset (ESO stores values as fetched)
   */
  readonly decodingStrategy?: DecodingStrategy;

  /**
   * What to do with NUL bytes in values.
   *
   * @default - unset (ESO stores them)
   */
  readonly nullBytePolicy?: NullBytePolicy;
}

/**
 * One `dataFrom` entry: every key of a JSON secret (`extract`) or many secrets (`find`). The keys
 * it produces are not known at synth.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class DataFrom {
  /**
   * All keys of one JSON secret.
   */
  public static extract(ref: RemoteReference, options: DataFromOptions = {}): DataFrom {
    checkArgs('DataFrom.extract', [ref, options]);
    return new DataFrom(ref, undefined, options, ref._store);
  }

  /**
   * Every secret matching `options`, read through the ExternalSecret's own store.
   */
  public static find(options: FindOptions): DataFrom {
    checkArgs('DataFrom.find', [options]);
    return new DataFrom(undefined, options, options, undefined);
  }

  /** @internal */
  public static _boundFind(store: StoreHandle, options: FindOptions): DataFrom {
    return new DataFrom(undefined, options, options, store);
  }

  private constructor(
    /** @internal */ public readonly _extract: RemoteReference | undefined,
    /** @internal */ public readonly _find: FindOptions | undefined,
    private readonly options: DataFromOptions,
    /** @internal */ public readonly _store: StoreHandle | undefined,
  ) {}

  /**
   * The find as ESO will receive it through `store`, validated by the store's provider.
   *
   * @internal
   */
  public _findFor(where: string, field: string, store: StoreHandle): FindShape {
    const f = this._find!;
    const hasTags = f.tags !== undefined && Object.keys(f.tags).length > 0;
    if (f.path === undefined && f.nameRegexp === undefined && !hasTags) {
      fail(where, 'find.empty', `${field}.find selects nothing; give path, nameRegexp or tags`);
    }
    if (f.path !== undefined && f.path.trim() === '') {
      fail(where, 'find.path.empty', `${field}.find.path is empty; give a path prefix such as "/production/" or omit it`);
    }
    if (f.nameRegexp !== undefined) {
      checkRegex(where, `${field}.find.nameRegexp`, f.nameRegexp);
    }
    const asGiven: FindShape = compact({ path: f.path, nameRegexp: f.nameRegexp, tags: hasTags ? { ...f.tags } : undefined });
    return store.provider ? store.provider.renderFind(where, `${field}.find`, asGiven, store) : asGiven;
  }

  /** @internal */
  public _render(where: string, field: string, store: StoreHandle): Record<string, unknown> {
    const rewrites = this.options.rewrite ?? [];
    const rewrite = rewrites.length ? rewrites.map((r, i) => r._render(where, `${field}.rewrite[${i}]`)) : undefined;
    const conversion = this._extract ? this._extract._options.conversionStrategy : this._find!.conversionStrategy;
    checkRewrittenKeys(where, field, rewrites, conversion, this._extract ? 'extract' : 'find');
    if (this._extract) {
      return compact({ extract: this._extract._render(where, `${field}.extract`, store), rewrite });
    }
    const f = this._find!;
    const find = this._findFor(where, field, store);
    // Only samples the find's name pattern would return (a sample it skips proves nothing).
    const samples = (store.provider?.foundKeySamples?.(find) ?? [])
      .filter((k) => find.nameRegexp === undefined || goRegexMatches(find.nameRegexp, k) === true);
    checkRewrittenSamples(where, field, rewrites, samples);
    return compact({
      find: compact({
        path: find.path,
        name: find.nameRegexp !== undefined ? { regexp: find.nameRegexp } : undefined,
        tags: find.tags !== undefined ? { ...find.tags } : undefined,
        conversionStrategy: f.conversionStrategy,
        decodingStrategy: f.decodingStrategy,
        nullBytePolicy: f.nullBytePolicy,
      }),
      rewrite,
    });
  }
}

const KEY_CHARACTER = /[-._a-zA-Z0-9]/;

/**
 * ESO converts keys (conversionStrategy) only when there is no rewrite, then refuses any key that
 * is not a Secret key (pkg/controllers/externalsecret/externalsecret_controller_secret.go,
 * handleExtractSecrets / handleFindAllSecrets; runtime/esutils/utils.go, ValidateKeys). So with
 * a rewrite, the rewrite alone must make every key valid.
 */
function checkRewrittenKeys(
  where: string, field: string, rewrites: readonly Rewrite[], conversion: ConversionStrategy | undefined, kind: string,
): void {
  if (rewrites.length === 0) {
    return;
  }
  if (conversion === ConversionStrategy.UNICODE) {
    fail(where, 'data-from.conversion.with-rewrite', `${field}.${kind}.conversionStrategy "Unicode" has no effect: eso converts keys only when there is no rewrite; `
      + 'drop the rewrite, or make the rewrite produce valid keys itself (e.g. Rewrite.regexp("[^a-zA-Z0-9._-]", "_"))');
  }
  const last = rewrites[rewrites.length - 1]._regexp;
  if (last === undefined) {
    return;
  }
  // The last rewrite's literal text lands in every key it changes ($ references are the key's own).
  for (const piece of parseGoTemplate(last.target)) {
    if (!('literal' in piece)) {
      continue;
    }
    const bad = [...piece.literal].find((c) => !KEY_CHARACTER.test(c));
    if (bad !== undefined) {
      const fix = bad === '$'
        ? 'go keeps a "$" that starts no $name, ${name} or $$ as text: close the brace or name a group (e.g. "${1}")'
        : 'use "_", "-" or "." instead';
      fail(where, 'data-from.rewrite.target.invalid-key', `${field}.rewrite[${rewrites.length - 1}].regexp.target ${quote(last.target)} writes ${quote(bad)} into the keys it rewrites, `
        + `and a Secret key holds only letters, digits, '-', '_' and '.' (eso fails the sync: "key has invalid character"); ${fix}`);
    }
  }
}

/**
 * Runs keys the find may produce through the rewrites, as Go's ReplaceAllString does; fails when
 * none of them comes out a Secret key. Only regexp rewrites are simulated.
 */
function checkRewrittenSamples(where: string, field: string, rewrites: readonly Rewrite[], samples: readonly string[]): void {
  if (rewrites.length === 0 || samples.length === 0 || rewrites.some((r) => r._regexp === undefined)) {
    return;
  }
  const compiled = rewrites.map((r) => compileGoRegex(r._regexp!.source));
  const rewritten = samples.map((sample) => compiled.reduce<string | undefined>(
    (key, c, i) => (key === undefined || !c.ok ? undefined : goReplaceAll(c.regex, key, rewrites[i]._regexp!.target)), sample));
  if (rewritten.some((key) => key === undefined || key === '' || isSecretKey(key))) {
    return;
  }
  const sample = samples[samples.length - 1];
  const key = rewritten[rewritten.length - 1]!;
  const bad = [...key].find((c) => !KEY_CHARACTER.test(c));
  fail(where, 'data-from.rewrite.leaves-invalid-key', `${field}.rewrite turns a key such as ${quote(sample)} into ${quote(key)}, which is not a Secret key${bad ? ` (it has ${quote(bad)})` : ''}; `
    + 'eso converts keys only when there is no rewrite, so it fails the sync ("key has invalid character"); make the rewrite remove the whole path, '
    + 'e.g. Rewrite.regexp("^.*/", "") or Rewrite.regexp("/", "_")');
}

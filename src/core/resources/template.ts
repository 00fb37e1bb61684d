import { TemplateData, checkGoTemplate } from './go-template/check';
import { fail, quote } from '../model/errors';
import { checkName, checkSecretKey } from '../model/names';
import { compact } from '../model/selectors';
import { checkArgs } from '../model/shape';

/**
 * How a template merges with the fetched data.
 */
export enum TemplateMergePolicy {
  /** The Secret holds only the template's keys. */
  REPLACE = 'Replace',
  /** The template's keys are added to the fetched keys. */
  MERGE = 'Merge',
}

/**
 * Where the keys of a `templateFrom` source go in the target Secret.
 */
export enum TemplateTarget {
  /** Secret data. */
  DATA = 'Data',
  /** Secret annotations. */
  ANNOTATIONS = 'Annotations',
  /** Secret labels. */
  LABELS = 'Labels',
}

/**
 * How the keys of a ConfigMap or Secret used as a template source are interpreted.
 */
export enum TemplateScope {
  /** Each value is a template. */
  VALUES = 'Values',
  /** Each key and value is a template. */
  KEYS_AND_VALUES = 'KeysAndValues',
}

/**
 * One key of a ConfigMap or Secret used as a template source.
 */
export interface TemplateSourceItem {
  /**
   * The key in the ConfigMap or Secret.
   */
  readonly key: string;

  /**
   * How the key is interpreted.
   *
   * @default TemplateScope.VALUES
   */
  readonly templateAs?: TemplateScope;
}

/**
 * A source of templates beyond `template.data`.
 *
 * @see https://external-secrets.io/latest/guides/templating/
 */
export class TemplateFrom {
  /**
   * Templates kept in a ConfigMap.
   */
  public static configMap(name: string, items: TemplateSourceItem[], target?: TemplateTarget): TemplateFrom {
    checkArgs('TemplateFrom.configMap', [name, items, target]);
    return new TemplateFrom('configMap', name, items, undefined, target);
  }

  /**
   * Templates kept in a Secret.
   */
  public static secret(name: string, items: TemplateSourceItem[], target?: TemplateTarget): TemplateFrom {
    checkArgs('TemplateFrom.secret', [name, items, target]);
    return new TemplateFrom('secret', name, items, undefined, target);
  }

  /**
   * A literal template (a YAML map of keys to templated values).
   */
  public static literal(template: string, target?: TemplateTarget): TemplateFrom {
    checkArgs('TemplateFrom.literal', [template, target]);
    return new TemplateFrom('literal', undefined, undefined, template, target);
  }

  private constructor(
    private readonly source: 'configMap' | 'secret' | 'literal',
    private readonly name: string | undefined,
    private readonly items: TemplateSourceItem[] | undefined,
    private readonly literal: string | undefined,
    private readonly target: TemplateTarget | undefined,
  ) {}

  /**
   * @param data what the template's data holds (undefined: unknown, keys are not checked)
   * @internal
   */
  public _render(where: string, field: string, data?: TemplateData): Record<string, unknown> {
    if (this.source === 'literal') {
      if (this.literal!.trim() === '') {
        fail(where, 'template.literal.empty', `${field}.literal is empty; give a template or remove the entry`);
      }
      // ESO names a literal's template after the literal itself (pkg/controllers/templating/parser.go).
      checkGoTemplate(where, `${field}.literal`, this.literal!, this.literal!, data);
      return compact({ target: this.target, literal: this.literal });
    }
    checkName(where, `${field}.${this.source}.name`, this.name!);
    if (!this.items!.length) {
      fail(where, 'template.items.empty', `${field}.${this.source}.items is empty; list the keys that hold templates`);
    }
    this.items!.forEach((item) => checkSecretKey(where, `${field}.${this.source}.items.key`, item.key));
    return compact({
      target: this.target,
      [this.source]: {
        name: this.name,
        items: this.items!.map((i) => compact({ key: i.key, templateAs: i.templateAs })),
      },
    });
  }
}

/**
 * Shapes the Secret ESO writes: its type, metadata and templated keys.
 *
 * @see https://external-secrets.io/latest/guides/templating/
 */
export interface SecretTemplate {
  /**
   * The Secret's `type`.
   *
   * @default - "Opaque"
   * @example 'kubernetes.io/dockerconfigjson'
   */
  readonly type?: string;

  /**
   * How the template merges with the fetched data.
   *
   * @default - unset (ESO replaces)
   */
  readonly mergePolicy?: TemplateMergePolicy;

  /**
   * Annotations of the Secret.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Labels of the Secret.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Keys of the Secret, each a Go template over the fetched keys (`{{ .password }}`).
   *
   * @default - none
   */
  readonly data?: { [key: string]: string };

  /**
   * More template sources.
   *
   * @default - none
   */
  readonly templateFrom?: TemplateFrom[];
}

/**
 * Validates and renders `target.template` (engine v2, the only engine ESO v2.9 has).
 *
 * @param data what the templates' data (the ExternalSecret's fetched keys) holds, when known
 */
export function renderTemplate(where: string, t: SecretTemplate, data?: TemplateData): Record<string, unknown> {
  if (t.type === 'bootstrap.kubernetes.io/token') {
    fail(where, 'template.target.template.type.rejected', 'target.template.type "bootstrap.kubernetes.io/token" is rejected by eso; use a kubeadm bootstrap token outside eso, or another type');
  }
  if (t.type === 'kubernetes.io/service-account-token' && t.annotations?.['kubernetes.io/service-account.name'] !== undefined) {
    fail(where, 'template.target.template.forbidden', 'target.template with type "kubernetes.io/service-account-token" may not set the annotation "kubernetes.io/service-account.name" (eso rejects it); remove the annotation or use type "Opaque"');
  }
  if (t.type !== undefined && t.type.trim() === '') {
    fail(where, 'template.target.template.type.empty', 'target.template.type is empty; omit it for "Opaque"');
  }
  for (const key of Object.keys(t.data ?? {})) {
    checkSecretKey(where, 'target.template.data', key);
  }
  // ESO executes template.data and the Secret's labels and annotations as templates, each named
  // after its key (pkg/controllers/externalsecret/externalsecret_controller_template.go).
  for (const [section, templates] of [['data', t.data], ['annotations', t.annotations], ['labels', t.labels]] as const) {
    for (const [key, text] of Object.entries(templates ?? {})) {
      checkGoTemplate(where, `target.template.${section}[${JSON.stringify(key)}]`, key, text, data);
    }
  }
  const metadata = t.annotations || t.labels
    ? compact({ annotations: t.annotations ? { ...t.annotations } : undefined, labels: t.labels ? { ...t.labels } : undefined })
    : undefined;
  return compact({
    type: t.type,
    engineVersion: 'v2',
    mergePolicy: t.mergePolicy,
    metadata,
    data: t.data ? { ...t.data } : undefined,
    templateFrom: t.templateFrom?.length ? t.templateFrom.map((f, i) => f._render(where, `target.template.templateFrom[${i}]`, data)) : undefined,
  });
}

/** Whether a template replaces the fetched keys with keys of its own. */
export function templateOwnsKeys(t: SecretTemplate | undefined): boolean {
  return t !== undefined
    && (t.mergePolicy ?? TemplateMergePolicy.REPLACE) === TemplateMergePolicy.REPLACE
    && (Object.keys(t.data ?? {}).length > 0 || (t.templateFrom?.length ?? 0) > 0);
}


/** A template value that is one action ending in b64enc: `{{ .password | b64enc }}`. */
const WHOLE_VALUE_B64ENC = /^\s*\{\{-?\s*((?:(?!\{\{|\}\}).)+?)\s*\|\s*b64enc\s*-?\}\}\s*$/s;

/**
 * Warnings about a template: a value that is wholly `… | b64enc` puts base64 text into the Secret,
 * since ESO writes template output as the Secret's bytes (Kubernetes encodes Secret data itself).
 */
export function templateWarnings(where: string, t: SecretTemplate | undefined): string[] {
  return Object.entries(t?.data ?? {})
    .filter(([, value]) => WHOLE_VALUE_B64ENC.test(value))
    .map(([key, value]) => `${where}: target.template.data[${quote(key)}] ${quote(value)} base64-encodes the value, so the Secret holds base64 text and the app reads it encoded `
      + '(kubernetes encodes Secret data itself); drop "| b64enc" unless the app expects base64 text');
}

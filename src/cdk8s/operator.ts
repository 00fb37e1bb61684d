import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Duration, Lazy, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { checkConstructArgs, ClusterScopedApiObject, declaredStores, EsoApiObject, externalSecretDeclarations, goDuration, registerOperator, serviceAccountUses, validateAtSynth } from './internal';
import { checkControllerScope, checkControllerServiceAccount } from '../core/binding/controller';
import { fail, quote } from '../core/model/errors';
import { ESO_CHART_NAME, ESO_CHART_REPOSITORY, ESO_CRDS_SHA256, ESO_CRDS_URL, ESO_VERSION } from '../core/model/eso';
import { checkNamespace } from '../core/model/names';
import { checkArgs } from '../core/model/shape';
import { ResolvedOperator, isValidatedVersion, operatorHelmValues, resolveOperator } from '../core/operator/install';
import { OPERATOR_NAMESPACE_LABELS, operatorManifests, operatorNamespace } from '../core/operator/manifests';
import { OperatorOptions } from '../core/operator/options';

/** API version of Flux's HelmRepository. */
export const FLUX_SOURCE_API_VERSION = 'source.toolkit.fluxcd.io/v1';
/** API version of Flux's HelmRelease. */
export const FLUX_HELM_API_VERSION = 'helm.toolkit.fluxcd.io/v2';
/** API version of Argo CD's Application. */
export const ARGO_CD_API_VERSION = 'argoproj.io/v1alpha1';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'CustomResourceDefinition']);

/**
 * Where the CRDs of a Helm-less install come from: the pinned ESO release, from its upstream URL
 * or from a local copy of the same file. Either way the bundle's sha256 must be the pinned
 * release's, so a different file fails the synth.
 */
export class CrdSource {
  /**
   * The pinned release's bundle from its upstream URL (read at synth, over the network).
   */
  public static pinnedRelease(): CrdSource {
    return new CrdSource(ESO_CRDS_URL, true);
  }

  /**
   * The pinned release's bundle from another URL, e.g. an internal mirror (read at synth).
   */
  public static fromUrl(url: string): CrdSource {
    checkArgs('CrdSource.fromUrl', [url]);
    if (!/^https?:\/\/\S+$/.test(url)) {
      throw new Error(`crds url ${quote(url)} is not an http(s) url; use e.g. ${ESO_CRDS_URL}`);
    }
    return new CrdSource(url, true);
  }

  /**
   * A local copy of the pinned release's bundle (`deploy/crds/bundle.yaml` at v2.9.0).
   */
  public static fromFile(file: string): CrdSource {
    checkArgs('CrdSource.fromFile', [file]);
    return new CrdSource(file, false);
  }

  private constructor(
    /** Where the bundle is read from. */
    public readonly location: string,
    private readonly remote: boolean,
  ) {}

  /**
   * The CRDs of the bundle, checked against the pinned sha256.
   *
   * @internal
   */
  public _load(where: string): any[] {
    let text: string;
    if (this.remote) {
      try {
        // A child process, so the synth stays synchronous; it reports a failure in one line.
        const script = `fetch(${JSON.stringify(this.location)})`
          + '.then((r) => { if (!r.ok) { throw new Error(`http ${r.status}`); } return r.text(); })'
          + '.then((t) => process.stdout.write(t), (e) => { process.stderr.write(String(e.cause?.message ?? e.message)); process.exit(1); })';
        text = execFileSync(process.execPath, ['-e', script], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        const reason = String((e as { stderr?: string }).stderr ?? '').trim() || (e as Error).message.split('\n')[0];
        fail(where, 'operator.crds.download-failed', `the crds could not be downloaded from ${this.location} (${reason}); download the file and use CrdSource.fromFile(path)`);
      }
    } else {
      if (!fs.existsSync(this.location)) {
        fail(where, 'operator.crds.file-missing', `crds file ${quote(this.location)} does not exist; download ${ESO_CRDS_URL} there, or use CrdSource.pinnedRelease()`);
      }
      text = fs.readFileSync(this.location, 'utf-8');
    }
    const sha = createHash('sha256').update(text).digest('hex');
    if (sha !== ESO_CRDS_SHA256) {
      fail(where, 'operator.crds.sha256-mismatch', `crds from ${quote(this.location)} have sha256 ${sha}, not the pinned eso ${ESO_CRDS_URL.split('/')[5]} bundle's ${ESO_CRDS_SHA256}; use the bundle of the pinned release`);
    }
    // Parsed by cdk8s's own YAML reader (from a file, so the checked text is what is parsed).
    let file = this.location;
    if (this.remote) {
      file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-crds-')), 'bundle.yaml');
      fs.writeFileSync(file, text);
    }
    return Yaml.load(file).filter((d: any) => d && d.kind === 'CustomResourceDefinition');
  }
}

/** An object whose annotations are computed at synth. */
class AnnotatedAtSynth extends EsoApiObject {
  public constructor(scope: Construct, id: string, manifest: any, private readonly annotations: () => Record<string, string>) {
    super(scope, id, manifest);
  }

  public toJson(): any {
    const json = super.toJson();
    const annotations = { ...(json.metadata.annotations ?? {}), ...this.annotations() };
    if (Object.keys(annotations).length) {
      json.metadata.annotations = annotations;
    }
    return json;
  }
}

/** Options of a Flux install. */
export interface FluxInstallOptions {
  /**
   * How often Flux reconciles the release and the repository.
   *
   * @default Duration.hours(1)
   */
  readonly interval?: Duration;
}

/** Options of an Argo CD install. */
export interface ArgoCdInstallOptions {
  /**
   * Namespace of Argo CD (where the Application lives).
   *
   * @default "argocd"
   */
  readonly argoCdNamespace?: string;

  /**
   * Argo CD project of the Application.
   *
   * @default "default"
   */
  readonly project?: string;

  /**
   * The cluster to install into.
   *
   * @default "https://kubernetes.default.svc"
   */
  readonly destinationServer?: string;

  /**
   * Sync automatically, pruning and self-healing.
   *
   * @default true
   */
  readonly automated?: boolean;
}

/** Options of an install as plain manifests. */
export interface ManifestsInstallOptions {
  /**
   * Where the CRDs come from.
   *
   * @default CrdSource.pinnedRelease()
   */
  readonly crds?: CrdSource;
}

/** The three ways the controller is installed. */
export enum OperatorInstallKind {
  /** A Flux HelmRepository and HelmRelease. */
  FLUX = 'flux',
  /** An Argo CD Application. */
  ARGO_CD = 'argoCd',
  /** The controller's manifests, without Helm. */
  MANIFESTS = 'manifests',
}

/**
 * How the ESO controller is installed.
 */
export class OperatorInstall {
  /**
   * Flux installs ESO's chart: a HelmRepository and a HelmRelease that creates and replaces the
   * CRDs on install and upgrade.
   *
   * @see https://fluxcd.io/flux/components/helm/helmreleases/
   */
  public static flux(options: FluxInstallOptions = {}): OperatorInstall {
    checkArgs('OperatorInstall.flux', [options]);
    return new OperatorInstall(OperatorInstallKind.FLUX, options);
  }

  /**
   * Argo CD installs ESO's chart: an Application with server-side apply (ESO's CRDs are too large
   * for client-side apply's annotation) and namespace creation.
   *
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
   */
  public static argoCd(options: ArgoCdInstallOptions = {}): OperatorInstall {
    checkArgs('OperatorInstall.argoCd', [options]);
    return new OperatorInstall(OperatorInstallKind.ARGO_CD, options);
  }

  /**
   * The controller's own manifests, without Helm: Namespace, CRDs, ServiceAccounts, RBAC with the
   * chart's rules, Deployments, Services and the validating webhook.
   */
  public static manifests(options: ManifestsInstallOptions = {}): OperatorInstall {
    checkArgs('OperatorInstall.manifests', [options]);
    return new OperatorInstall(OperatorInstallKind.MANIFESTS, options);
  }

  private constructor(
    /** The install mode. */
    public readonly kind: OperatorInstallKind,
    /** @internal */ public readonly _options: FluxInstallOptions & ArgoCdInstallOptions & ManifestsInstallOptions,
  ) {}
}

/** Props of the ESO operator. */
export interface EsoOperatorProps extends OperatorOptions {
  /**
   * How the controller is installed.
   */
  readonly install: OperatorInstall;
}

/**
 * ESO's controller, installed at the validated release (chart 2.9.0, image v2.9.0; `version` picks a
 * newer one for Helm installs) with Pod
 * Security "restricted" defaults on every pod. Stores and ExternalSecrets of the same app depend
 * on it, so its CRDs and webhook come first. A store whose identity uses the controller's
 * ServiceAccount with IRSA puts that role on the controller's ServiceAccount.
 *
 * @see https://external-secrets.io/latest/introduction/getting-started/
 */
export class EsoOperator extends Construct {
  /** Namespace of the controller. */
  public readonly namespace: string;

  /** Helm release name (and name of the controller's objects). */
  public readonly releaseName: string;

  /** The controller's ServiceAccount name. */
  public readonly serviceAccountName: string;

  /** The install mode. */
  public readonly installKind: OperatorInstallKind;

  /** The ESO release installed (chart version; the image tag unless one is given). */
  public readonly version: string;

  /** The objects this construct emits. */
  public readonly apiObjects: ApiObject[] = [];

  private readonly options: OperatorOptions;

  public constructor(scope: Construct, id: string, props: EsoOperatorProps) {
    checkConstructArgs('EsoOperator', scope, id, props);
    super(scope, id);
    const { install, ...options } = props;
    this.options = options;
    const op = resolveOperator(this.node.path, options);
    this.namespace = op.namespace;
    this.releaseName = op.releaseName;
    this.serviceAccountName = op.releaseName;
    this.installKind = install.kind;
    this.version = op.version;
    const o = install._options;
    switch (install.kind) {
      case OperatorInstallKind.FLUX:
        this.flux(op, o);
        break;
      case OperatorInstallKind.ARGO_CD:
        this.argoCd(op, o);
        break;
      default:
        if (!isValidatedVersion(op)) {
          fail(this.node.path, 'operator.version.manifests', `version ${quote(op.version)} needs helm to render its chart, and the manifests install is eso ${ESO_VERSION}'s own; `
            + 'install it with OperatorInstall.flux() or OperatorInstall.argoCd(), or remove version');
        }
        this.manifests(op, o.crds ?? CrdSource.pinnedRelease());
    }
    registerOperator(this);
    validateAtSynth(this, () => this.resolved());
  }

  /**
   * The chart values for these options, as Flux, Argo CD or a Pulumi Helm release get them.
   */
  public get helmValues(): { [key: string]: any } {
    return operatorHelmValues(this.resolved());
  }

  /** The options resolved at synth: the controller role is known once every store is. */
  private resolved(): ResolvedOperator {
    const where = this.node.path;
    const uses = serviceAccountUses(this);
    const controller = { where, name: this.serviceAccountName, namespace: this.namespace };
    uses.forEach((use) => checkControllerServiceAccount(controller, use));
    const scope = resolveOperator(where, this.options);
    checkControllerScope({
      where,
      namespace: scope.scopedNamespace,
      clusterSecretStores: scope.process.clusterStore && !scope.scopedRbac,
      secretStores: scope.process.secretStore,
    }, declaredStores(this), externalSecretDeclarations(this));
    const roles = [...new Set(uses.flatMap((u) => (u.controllerRoleArn ? [u.controllerRoleArn] : [])))];
    const given = this.options.controllerRoleArn;
    if (roles.length > 1 || (given !== undefined && roles.some((r) => r !== given))) {
      fail(where, 'operator.controller-role.conflict', `the controller's ServiceAccount can carry one iam role, but ${[...new Set([...(given ? [given] : []), ...roles])].map((r) => quote(r)).join(' and ')} `
        + 'are asked for (by controllerRoleArn or stores\' controller-wide identities); give those stores one identity, or their own ServiceAccounts');
    }
    return resolveOperator(where, { ...this.options, controllerRoleArn: given ?? roles[0] });
  }

  private add(id: string, manifest: any): ApiObject {
    const Kind = CLUSTER_SCOPED.has(manifest.kind) ? ClusterScopedApiObject : EsoApiObject;
    const obj = new Kind(this, id, manifest);
    this.apiObjects.push(obj);
    return obj;
  }

  private namespaceObject(op: ResolvedOperator): void {
    this.add('Namespace', operatorNamespace(op));
  }

  private flux(op: ResolvedOperator, o: FluxInstallOptions): void {
    const interval = goDuration(this.node.path, 'interval', o.interval ?? Duration.hours(1))!.toString();
    this.namespaceObject(op);
    this.add('HelmRepository', {
      apiVersion: FLUX_SOURCE_API_VERSION,
      kind: 'HelmRepository',
      metadata: { name: op.releaseName, namespace: op.namespace },
      spec: { url: ESO_CHART_REPOSITORY, interval },
    });
    this.add('HelmRelease', {
      apiVersion: FLUX_HELM_API_VERSION,
      kind: 'HelmRelease',
      metadata: { name: op.releaseName, namespace: op.namespace },
      spec: Lazy.any({
        produce: () => ({
          interval,
          releaseName: op.releaseName,
          targetNamespace: op.namespace,
          chart: {
            spec: {
              chart: ESO_CHART_NAME,
              version: op.version,
              sourceRef: { kind: 'HelmRepository', name: op.releaseName, namespace: op.namespace },
              interval,
            },
          },
          install: { crds: 'CreateReplace' },
          upgrade: { crds: 'CreateReplace' },
          values: this.helmValues,
        }),
      }),
    });
  }

  private argoCd(op: ResolvedOperator, o: ArgoCdInstallOptions): void {
    const argoNamespace = o.argoCdNamespace ?? 'argocd';
    const where = this.node.path;
    checkNamespace(where, 'argoCdNamespace', argoNamespace);
    const automated = o.automated ?? true;
    this.add('Application', {
      apiVersion: ARGO_CD_API_VERSION,
      kind: 'Application',
      metadata: { name: op.releaseName, namespace: argoNamespace },
      spec: Lazy.any({
        produce: () => ({
          project: o.project ?? 'default',
          source: {
            repoURL: ESO_CHART_REPOSITORY,
            chart: ESO_CHART_NAME,
            targetRevision: op.version,
            helm: { releaseName: op.releaseName, valuesObject: this.helmValues },
          },
          destination: { server: o.destinationServer ?? 'https://kubernetes.default.svc', namespace: op.namespace },
          syncPolicy: {
            ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
            // ESO's CRDs are larger than client-side apply's last-applied annotation allows.
            syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
            managedNamespaceMetadata: { labels: { ...OPERATOR_NAMESPACE_LABELS } },
          },
        }),
      }),
    });
  }

  private manifests(op: ResolvedOperator, crds: CrdSource): void {
    const where = this.node.path;
    const manifests = operatorManifests(op, crds._load(where));
    const seen = new Map<string, number>();
    for (const m of manifests) {
      const base = `${m.kind}-${m.metadata.name}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const id = n > 1 ? `${base}-${n}` : base;
      if (m.kind === 'ServiceAccount' && m.metadata.name === op.releaseName) {
        // The controller's role is known at synth, once every store has registered.
        this.apiObjects.push(new AnnotatedAtSynth(this, id, m, () => this.resolved().serviceAccountAnnotations));
      } else {
        this.add(id, m);
      }
    }
  }
}

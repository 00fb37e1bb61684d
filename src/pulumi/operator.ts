import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { StoreIdentity } from './identity';
import { checkIdentityResources, createOperatorIdentity } from './identity-resources';
import { awaitSeal, guard, registerController, sealed } from './internal';
import { identityModuleOf } from '../core/identities';
import { fail } from '../core/model/errors';
import { ESO_CHART_NAME, ESO_CHART_REPOSITORY } from '../core/model/eso';
import { checkArgs } from '../core/model/shape';
import { operatorHelmValues, resolveOperator } from '../core/operator/install';
import { operatorNamespace } from '../core/operator/manifests';
import { OperatorOptions } from '../core/operator/options';

/** Arguments of the ESO operator. */
export interface EsoOperatorArgs extends OperatorOptions {
  /**
   * A controller-wide AWS identity (IRSA or EKS Pod Identity on the controller's ServiceAccount),
   * created by the operator with the permissions of every store that uses it. Give those stores
   * `identity: operator.controllerIdentity`.
   *
   * @default - none: stores have their own identities
   */
  readonly controllerIdentity?: StoreIdentity;

  /**
   * Roll the release back if the install or upgrade fails.
   *
   * @default false
   */
  readonly atomic?: boolean;

  /**
   * Seconds Helm waits for the install or upgrade.
   *
   * @default 300
   */
  readonly timeout?: number;
}

/**
 * ESO's controller at the pinned release: ESO's chart 2.9.0 as a `k8s.helm.v3.Release` (values
 * from the same options as the cdk8s operator), its namespace with Pod Security "restricted"
 * enforced, and the IAM role of a controller-wide identity. Stores and ExternalSecrets wait for
 * it when given `{ dependsOn: [operator] }` (or when they use its controller identity).
 *
 * @see https://external-secrets.io/latest/introduction/getting-started/
 */
export class EsoOperator extends pulumi.ComponentResource {
  /** Namespace of the controller. */
  public readonly namespace: pulumi.Output<string>;

  /** The ESO release installed (chart version; the image tag unless one is given). */
  public readonly version: string;

  /** Helm release name (and name of the controller's ServiceAccount). */
  public readonly releaseName: string;

  /** The Helm release. */
  public readonly release: k8s.helm.v3.Release;

  /** The controller-wide identity, for stores: `identity: operator.controllerIdentity`. */
  public readonly controllerIdentity?: StoreIdentity;

  /** ARN of the controller-wide identity's role. */
  public readonly roleArn?: pulumi.Output<string>;

  /** The controller-wide role's inline policy, derived from the stores that use it. */
  public readonly policyJson?: pulumi.Output<string>;

  /** The chart values the release is installed with. */
  public readonly values: pulumi.Output<Record<string, unknown>>;

  private readonly where: string;
  private resolveSeal?: (v: boolean) => void;

  public constructor(name: string, args: EsoOperatorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('esokit:eso:EsoOperator', name, {}, opts);
    guard(this, () => checkArgs('pulumi.EsoOperator', [name, args, opts], name));
    const { controllerIdentity, atomic, timeout, ...options } = args;
    const op = guard(this, () => resolveOperator(name, options));
    const controller = { name: op.releaseName, namespace: op.namespace };
    guard(this, () => controllerIdentity?._ownBy(this, name, controller));
    registerController(this, { where: name, ...controller });
    this.releaseName = op.releaseName;
    this.version = op.version;
    this.controllerIdentity = controllerIdentity;

    if (controllerIdentity) {
      guard(this, () => checkIdentityResources(name, controllerIdentity));
    }
    const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: operatorNamespace(op).metadata }, { parent: this });
    const dependencies: pulumi.Resource[] = [namespace];
    let values: pulumi.Input<Record<string, any>> = operatorHelmValues(op);
    this.where = name;
    if (controllerIdentity) {
      const sealedNow = new Promise<boolean>((resolve) => {
        this.resolveSeal = resolve;
      });
      awaitSeal(this, `${name}: the controller identity is derived from the stores declared before operator.seal(), which the program never called, `
        + 'so its role was never created; call seal() on the operator once its stores and their ExternalSecrets are declared');
      const role = createOperatorIdentity(this, name, controllerIdentity, controller, [namespace], sealedNow);
      dependencies.push(...role.dependencies);
      this.roleArn = role.outputs.roleArn;
      this.policyJson = role.outputs.policyJson;
      if (identityModuleOf(controllerIdentity.kind).annotatesServiceAccount) {
        values = role.outputs.roleArn!
          .apply((arn) => guard(this, () => operatorHelmValues(resolveOperator(name, { ...options, controllerRoleArn: arn }))));
      }
    }
    this.values = pulumi.output(values) as pulumi.Output<Record<string, unknown>>;
    this.release = new k8s.helm.v3.Release(`${name}-release`, {
      name: op.releaseName,
      chart: ESO_CHART_NAME,
      version: op.version,
      repositoryOpts: { repo: ESO_CHART_REPOSITORY },
      namespace: namespace.metadata.name,
      createNamespace: false,
      values,
      ...(atomic !== undefined ? { atomic } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
    }, { parent: this, dependsOn: dependencies });
    this.namespace = this.release.namespace.apply((ns) => ns ?? op.namespace);
    this.registerOutputs({ namespace: this.namespace, releaseName: this.releaseName, roleArn: this.roleArn, policyJson: this.policyJson });
  }

  /**
   * Ends the declarations the controller identity is derived from: its role gets the permissions
   * of exactly the stores using `controllerIdentity` declared until now and of their
   * ExternalSecrets; those stores are sealed with it. Call it once they are declared (also after
   * an `await` or inside an `apply`); a store using the identity declared after it is refused. An
   * operator with a `controllerIdentity` must be sealed (its role and release wait for it); for
   * one without, it does nothing, as does calling it again.
   */
  public seal(): void {
    const identity = this.controllerIdentity;
    if (!identity || identity._ownerSealed) {
      return;
    }
    const where = this.where;
    guard(this, () => {
      if (identity._shared.length === 0) {
        fail(where, 'operator.controller-identity.unused', 'no store uses the controller identity, so its iam role would have no permissions; '
          + 'give stores identity: operator.controllerIdentity, declared before operator.seal(), or remove controllerIdentity');
      }
      if (identity._shared.every((u) => u.declarations.count() === 0)) {
        fail(where, 'identity.nothing-read', 'no ExternalSecret reads through the stores that use the controller identity, so its iam role would have no permissions; '
          + 'declare their ExternalSecrets before operator.seal(), or remove controllerIdentity');
      }
    });
    identity._shared.forEach((u) => u.store.seal());
    identity._ownerSealed = true;
    this.resolveSeal?.(true);
    sealed(this);
  }
}

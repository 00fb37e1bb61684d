import type * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type * as vault from '@pulumi/vault';
import {
  AwsRoleArgs,
  BoundIdentity,
  PodIdentityArgs,
  ResolvedIdentityInputs,
  StoreIdentity,
  VaultKubernetesIdentityArgs,
} from './identity';
import { SealedDeclarations, StoreDeclarations, guard, resourceError } from './internal';
import { requirePeer } from './peers';
import { awsIdentityDocuments, checkIdentitySpec, kubernetesIdentityDocuments, serviceAccountAnnotations, vaultIdentityDocuments } from '../core/binding/identity';
import { readsThrough } from '../core/binding/reads';
import { IdentitySpec, identityFamily, identityModuleOf } from '../core/identities';
import { inlinePolicyName, AwsIdentityDocuments } from '../core/identities/aws-role';
import { resolveServiceAccount } from '../core/identities/service-account';
import { assertNever, fail } from '../core/model/errors';
import { RbacRule } from '../core/model/grants';
import { BoundServiceAccount, IdentityUse, IRSA_ROLE_ARN_ANNOTATION } from '../core/model/identity';
import { StoreHandle } from '../core/model/store-handle';
import { policyJson } from '../core/permissions/iam';

/*
 * The resources of store identities: what a store (or, for a controller-wide identity, the
 * operator) creates from an identity and the reads derived for it.
 */

/** What a store's identity created, as the store exposes it. */
export interface IdentityResources {
  readonly bound: pulumi.Output<BoundIdentity>;
  /** The ServiceAccount the store authenticates as. */
  readonly account: pulumi.Output<BoundServiceAccount>;
  /** Everything the store object must wait for. */
  readonly dependencies: pulumi.Resource[];
  readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  readonly roleArn?: pulumi.Output<string>;
  readonly roleName?: pulumi.Output<string>;
  readonly policyJson?: pulumi.Output<string>;
  readonly trustPolicyJson?: pulumi.Output<string>;
  readonly vaultPolicyName?: pulumi.Output<string>;
  readonly vaultPolicyHcl?: pulumi.Output<string>;
  readonly vaultRoleName?: pulumi.Output<string>;
  readonly rbacRoleName?: pulumi.Output<string>;
  readonly rbacRules?: pulumi.Output<RbacRule[]>;
}

/**
 * Resolves an identity for a store from resolved inputs, validating it.
 *
 * @internal
 */
export function bindIdentity(
  handle: StoreHandle,
  identity: StoreIdentity,
  namespace: string | undefined,
  inputs: ResolvedIdentityInputs,
): BoundIdentity {
  const spec = identity._spec(inputs);
  checkIdentitySpec(handle.where, spec);
  return { spec, serviceAccount: resolveServiceAccount(handle.where, spec, { ...handle, namespace, defaultNamespace: undefined }) };
}

/**
 * Fails now for what would fail while creating the identity's resources (a missing Pulumi
 * package, an inline policy name IAM rejects), so a component registers no child before it fails.
 *
 * @internal
 */
export function checkIdentityResources(where: string, identity: StoreIdentity): void {
  const family = identityFamily(identity.kind);
  switch (family) {
    case 'aws-iam':
      requirePeer<typeof aws>('@pulumi/aws');
      inlinePolicyName(where, (identity._args as AwsRoleArgs).inlinePolicyName);
      return;
    case 'vault-acl':
      requirePeer<typeof vault>('@pulumi/vault');
      return;
    case 'kubernetes-rbac':
      return;
    default:
      assertNever(family, 'identity family');
  }
}

/** The identity resolved for a store once its inputs and namespace resolve. */
function boundIdentity(
  store: pulumi.ComponentResource,
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
): pulumi.Output<BoundIdentity> {
  return pulumi.all([namespace, identity._inputs()]).apply(([ns, inputs]) => guard(store, () => bindIdentity(handle, identity, ns, inputs)));
}

/**
 * The ServiceAccount a store authenticates as, from its namespace alone: its name and namespace
 * stay known in a preview when only other inputs of the identity (an OIDC provider ARN) are not.
 */
function serviceAccountOf(
  store: pulumi.ComponentResource,
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
): pulumi.Output<BoundServiceAccount> {
  return namespace.apply((ns) => guard(store, () =>
    resolveServiceAccount(handle.where, identity._spec({}), { ...handle, namespace: ns, defaultNamespace: undefined })));
}

/**
 * Creates a store's identity resources, children of the store component: the ServiceAccount
 * first (for IAM, after the role, whose ARN it is annotated with), then the role and policy (IAM
 * or Vault), which the store object then depends on.
 *
 * @internal
 */
export function createIdentityResources(
  store: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  declarations: SealedDeclarations,
): IdentityResources {
  const where = handle.where;
  const bound = boundIdentity(store, identity, handle, namespace);
  const account = serviceAccountOf(store, identity, handle, namespace);
  const dependencies: pulumi.Resource[] = [];
  const mode = identity._serviceAccount._spec.mode;
  const family = identityFamily(identity.kind);
  // Core's declarations hold class instances, which Outputs do not carry: they are built and
  // read inside the one apply that derives the documents.
  const uses = (b: BoundIdentity, namespaces: (string | undefined)[]): IdentityUse[] =>
    [{ store: handle, serviceAccount: b.serviceAccount, reads: readsThrough(handle, declarations.build(namespaces)), writes: [] }];
  const createServiceAccount = (annotations: pulumi.Input<Record<string, pulumi.Input<string>>>) => new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
    metadata: { name: account.name, namespace: account.namespace, annotations },
    automountServiceAccountToken: false,
  }, { parent: store });

  if (family === 'aws-iam') {
    const docs = pulumi.all([bound, declarations.namespaces]).apply(([b, ns]) => guard(store, () =>
      awsIdentityDocuments(where, b.spec as Extract<IdentitySpec, { kind: 'irsa' | 'podIdentity' }>, uses(b, ns))));
    const role = createAwsRole(store, name, identity, docs, account, [],
      'no ExternalSecret reads through the store, so its iam role would have no permissions; '
      + 'declare ExternalSecrets that read through it before store.seal(), or remove the identity');
    const serviceAccount = mode === 'create'
      ? createServiceAccount(identityModuleOf(identity.kind).annotatesServiceAccount ? { [IRSA_ROLE_ARN_ANNOTATION]: role.outputs.roleArn! } : {})
      : undefined;
    return { bound, account, dependencies: [...role.dependencies, ...(serviceAccount ? [serviceAccount] : [])], serviceAccount, ...role.outputs };
  }

  let serviceAccount: k8s.core.v1.ServiceAccount | undefined;
  if (mode === 'create') {
    // The other families' ServiceAccounts carry no annotation that depends on their inputs.
    serviceAccount = createServiceAccount(guard(store, () => serviceAccountAnnotations(where, identity._spec({}))));
    dependencies.push(serviceAccount);
  }
  const afterServiceAccount = serviceAccount ? [serviceAccount] : [];
  const vaultArgs = identity._args as VaultKubernetesIdentityArgs;
  if (family === 'vault-acl' && vaultArgs.tokenReviewerBinding) {
    dependencies.push(new k8s.rbac.v1.ClusterRoleBinding(`${name}-token-reviewer`, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }],
    }, { parent: store, dependsOn: afterServiceAccount }));
  }

  const built: IdentityBuild = { store, name, where, bound, account, uses, declarations, dependencies, serviceAccount, afterServiceAccount };
  switch (family) {
    case 'kubernetes-rbac':
      return { bound, account, serviceAccount, ...createRbac(store, name, handle, bound, uses, declarations, afterServiceAccount) };
    case 'vault-acl':
      return createVaultRole(built);
    default:
      return assertNever(family, 'identity family');
  }
}

/** What a store's identity resources are built from, once its ServiceAccount is declared. */
interface IdentityBuild {
  readonly store: pulumi.ComponentResource;
  readonly name: string;
  readonly where: string;
  readonly bound: pulumi.Output<BoundIdentity>;
  readonly account: pulumi.Output<BoundServiceAccount>;
  readonly uses: (b: BoundIdentity, namespaces: (string | undefined)[]) => IdentityUse[];
  readonly declarations: SealedDeclarations;
  /** Resources the store already waits for; the family's are added. */
  readonly dependencies: pulumi.Resource[];
  readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  readonly afterServiceAccount: pulumi.Resource[];
}

/** The Vault policy and Kubernetes-auth role of a Vault identity, children of the store. */
function createVaultRole(built: IdentityBuild): IdentityResources {
  const { store, name, where, bound, account, uses, declarations, dependencies, serviceAccount, afterServiceAccount } = built;
  const vaultSdk = guard(store, () => requirePeer<typeof vault>('@pulumi/vault'));
  const docs = pulumi.all([bound, declarations.namespaces]).apply(([b, ns]) => guard(store, () => {
    const d = vaultIdentityDocuments(where, b.spec as Extract<IdentitySpec, { kind: 'vaultKubernetes' }>, uses(b, ns));
    d.warnings.forEach((w) => pulumi.log.warn(w, store));
    return d;
  }));
  const policy = new vaultSdk.Policy(`${name}-vault-policy`, {
    name: docs.policyName,
    policy: docs.policyHcl,
  }, { parent: store, dependsOn: afterServiceAccount });
  const role = new vaultSdk.kubernetes.AuthBackendRole(`${name}-vault-role`, {
    backend: docs.role.mountPath,
    roleName: docs.role.name,
    boundServiceAccountNames: docs.role.boundServiceAccountNames,
    boundServiceAccountNamespaces: docs.role.boundServiceAccountNamespaces,
    tokenPolicies: [policy.name],
    // Unset when undefined: the role then has no audience or the mount's TTLs.
    audience: docs.role.audience as pulumi.Output<string>,
    tokenTtl: docs.role.tokenTtl as pulumi.Output<number>,
    tokenMaxTtl: docs.role.tokenMaxTtl as pulumi.Output<number>,
  }, { parent: store, dependsOn: [...afterServiceAccount, policy] });
  dependencies.push(policy, role);
  return {
    bound,
    account,
    dependencies,
    serviceAccount,
    vaultPolicyName: policy.name,
    vaultPolicyHcl: docs.policyHcl,
    vaultRoleName: role.roleName,
  };
}

/**
 * The Role and RoleBinding of a Kubernetes ServiceAccount identity, in the provider's
 * remoteNamespace, children of the store: rules derived from what the store reads.
 */
function createRbac(
  store: pulumi.ComponentResource,
  name: string,
  handle: StoreHandle,
  bound: pulumi.Output<BoundIdentity>,
  uses: (b: BoundIdentity, namespaces: (string | undefined)[]) => IdentityUse[],
  declarations: SealedDeclarations,
  after: pulumi.Resource[],
): Pick<IdentityResources, 'dependencies' | 'rbacRoleName' | 'rbacRules'> {
  const docs = pulumi.all([bound, declarations.namespaces]).apply(([b, ns]) => guard(store, () => {
    const d = kubernetesIdentityDocuments(handle.where, b.spec as Extract<IdentitySpec, { kind: 'kubernetesServiceAccount' }>, uses(b, ns));
    d.warnings.forEach((w) => pulumi.log.warn(w, store));
    return d;
  }));
  const metadata = { name: docs.roleName, namespace: docs.namespace };
  const role = new k8s.rbac.v1.Role(`${name}-role`, {
    metadata,
    rules: docs.apply((d) => d.role.rules as k8s.types.input.rbac.v1.PolicyRule[]),
  }, { parent: store });
  const roleBinding = new k8s.rbac.v1.RoleBinding(`${name}-role-binding`, {
    metadata,
    roleRef: docs.apply((d) => d.roleBinding.roleRef as k8s.types.input.rbac.v1.RoleRef),
    subjects: docs.apply((d) => d.roleBinding.subjects as k8s.types.input.rbac.v1.Subject[]),
  }, { parent: store, dependsOn: [...after, role] });
  return { dependencies: [...after, role, roleBinding], rbacRoleName: docs.roleName, rbacRules: docs.rules };
}

/**
 * The IAM role of an AWS identity and its inline policy (and Pod Identity association), children
 * of `parent`, from derived documents.
 */
function createAwsRole(
  parent: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  derived: pulumi.Output<AwsIdentityDocuments>,
  serviceAccount: pulumi.Output<{ name: string; namespace: string }>,
  after: pulumi.Resource[],
  nothingRead: string,
): { dependencies: pulumi.Resource[]; outputs: Pick<IdentityResources, 'roleArn' | 'roleName' | 'policyJson' | 'trustPolicyJson'> } {
  const awsSdk = guard(parent, () => requirePeer<typeof aws>('@pulumi/aws'));
  const awsArgs = identity._args as AwsRoleArgs;
  const policyName = guard(parent, () => inlinePolicyName(name, awsArgs.inlinePolicyName));
  const docs = derived.apply((d) => guard(parent, () => {
    if (d.policy.Statement.length === 0) {
      fail(name, 'identity.nothing-read', nothingRead);
    }
    d.warnings.forEach((w) => pulumi.log.warn(w, parent));
    return d;
  }));
  const role = new awsSdk.iam.Role(`${name}-role`, {
    name: awsArgs.roleName,
    path: awsArgs.rolePath ?? '/',
    description: awsArgs.description,
    assumeRolePolicy: docs.apply((d) => policyJson(d.trustPolicy)),
    maxSessionDuration: awsArgs.maxSessionDuration,
    permissionsBoundary: awsArgs.permissionsBoundary,
    tags: awsArgs.tags,
  }, { parent, dependsOn: after });
  const rolePolicy = new awsSdk.iam.RolePolicy(`${name}-policy`, {
    role: role.name,
    name: policyName,
    policy: docs.apply((d) => policyJson(d.policy)),
  }, { parent });
  const dependencies: pulumi.Resource[] = [role, rolePolicy];
  if (identityModuleOf(identity.kind).eksPodIdentityAssociation) {
    dependencies.push(new awsSdk.eks.PodIdentityAssociation(`${name}-pod-identity`, {
      clusterName: (identity._args as PodIdentityArgs).clusterName,
      namespace: serviceAccount.namespace,
      serviceAccount: serviceAccount.name,
      roleArn: role.arn,
    }, { parent, dependsOn: [rolePolicy] }));
  }
  return {
    dependencies,
    outputs: {
      roleArn: role.arn,
      roleName: role.name,
      policyJson: docs.apply((d) => policyJson(d.policy)),
      trustPolicyJson: docs.apply((d) => policyJson(d.trustPolicy)),
    },
  };
}


/**
 * A store's use of a controller-wide identity its EsoOperator creates: the store only resolves
 * the identity (no auth block, no resources of its own) and waits for the operator.
 *
 * @internal
 */
export function useOperatorIdentity(
  store: pulumi.ComponentResource & { seal(): void },
  identity: StoreIdentity,
  handle: StoreHandle,
  namespace: pulumi.Output<string | undefined>,
  declarations: StoreDeclarations,
): IdentityResources {
  if (identity._ownerSealed) {
    throw resourceError(`${handle.where}: the store uses the controller identity of an EsoOperator that was already sealed, so its role's permissions `
      + 'are derived without this store; declare the store and its ExternalSecrets before operator.seal()', store);
  }
  const bound = boundIdentity(store, identity, handle, namespace);
  identity._shared.push({ handle, bound, declarations, store });
  return { bound, account: serviceAccountOf(store, identity, handle, namespace), dependencies: [identity._owner!] };
}

/**
 * The role of a controller-wide identity, created by its EsoOperator with the permissions of
 * every store that uses it, declared (with their ExternalSecrets) before `operator.seal()`.
 *
 * @internal
 */
export function createOperatorIdentity(
  operator: pulumi.ComponentResource,
  name: string,
  identity: StoreIdentity,
  serviceAccount: { name: string; namespace: string },
  after: pulumi.Resource[],
  sealed: Promise<boolean>,
): { dependencies: pulumi.Resource[]; outputs: Pick<IdentityResources, 'roleArn' | 'roleName' | 'policyJson' | 'trustPolicyJson'> } {
  const where = name;
  // Outputs copy values into plain objects, so the stores' handles and declarations stay in
  // this closure and only resolved strings travel through them.
  const docs = pulumi.output(sealed)
    .apply(() => pulumi.all(identity._shared.map((u) => pulumi.all([u.bound, u.declarations.namespaces]))))
    .apply((resolved) => guard(operator, () => {
      const uses: IdentityUse[] = resolved.map(([b, ns], i) => {
        const use = identity._shared[i];
        return { store: use.handle, serviceAccount: b.serviceAccount, reads: readsThrough(use.handle, use.declarations.build(ns)), writes: [] };
      });
      return awsIdentityDocuments(where, resolved[0][0].spec as Extract<IdentitySpec, { kind: 'irsa' | 'podIdentity' }>, uses);
    }));
  return createAwsRole(operator, name, identity, docs, pulumi.output(serviceAccount), after,
    'no ExternalSecret reads through the stores that use the controller identity, so its iam role would have no permissions; '
    + 'declare their ExternalSecrets before operator.seal(), or remove controllerIdentity');
}

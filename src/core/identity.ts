import { AwsProviderOptions } from './aws';
import { fail, quote } from './errors';
import {
  AwsRoleSpec,
  Grant,
  IamPolicyDocument,
  INLINE_POLICY_LIMIT,
  TRUST_POLICY_LIMIT,
  assumeRoleGrant,
  checkAccount,
  checkPartition,
  checkPolicySize,
  checkRoleSpec,
  irsaTrustPolicy,
  parseOidcProviderArn,
  podIdentityTrustPolicy,
  policyDocument,
  readGrants,
  roleArn,
  statementsOf,
} from './iam';
import { checkName, checkNamespace } from './names';
import { BackendInfo } from './provider';
import { StoreRead } from './reads';
import { StoreHandle, StoreKind } from './store';
import { VaultKvVersion, checkMountPath } from './vault';
import { checkPolicyName, renderHcl, vaultReadPaths } from './vault-policy';

/** The ServiceAccount ESO's chart creates for its controller by default. */
export const ESO_CONTROLLER_SERVICE_ACCOUNT = { name: 'external-secrets', namespace: 'external-secrets' };

/** How a store's identity gets its ServiceAccount. */
export interface ServiceAccountSpec {
  /** `create`: the library creates one per store; `existing`: the user's; `controller`: ESO's own. */
  readonly mode: 'create' | 'existing' | 'controller';
  readonly name?: string;
  readonly namespace?: string;
}

/** An IRSA identity: an IAM role trusted through the cluster's OIDC provider. */
export interface IrsaSpec extends AwsRoleSpec {
  readonly kind: 'irsa';
  readonly oidcProviderArn: string;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/** An EKS Pod Identity identity: an IAM role associated with ESO's controller ServiceAccount. */
export interface PodIdentitySpec extends AwsRoleSpec {
  readonly kind: 'podIdentity';
  readonly clusterName: string;
  readonly account: string;
  readonly partition?: string;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/** A Vault Kubernetes-auth identity: a Vault role bound to one ServiceAccount, with a derived policy. */
export interface VaultKubernetesSpec {
  readonly kind: 'vaultKubernetes';
  readonly role: string;
  readonly mountPath?: string;
  readonly audience?: string;
  readonly policyName?: string;
  readonly tokenTtlSeconds?: number;
  readonly tokenMaxTtlSeconds?: number;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/** Any store identity. */
export type IdentitySpec = IrsaSpec | PodIdentitySpec | VaultKubernetesSpec;

/** The ServiceAccount an identity uses for one store, resolved. */
export interface BoundServiceAccount {
  readonly name: string;
  readonly namespace: string;
  readonly mode: ServiceAccountSpec['mode'];
}

/** One store using an identity, and what that store reads. */
export interface IdentityUse {
  readonly store: StoreHandle;
  readonly serviceAccount: BoundServiceAccount;
  readonly reads: readonly StoreRead[];
}

/**
 * The parameters of a Vault Kubernetes-auth role, named as in Vault's API and the Terraform and
 * Pulumi providers.
 */
export interface VaultRoleParameters {
  /**
   * The role name.
   */
  readonly name: string;

  /**
   * Mount path of the Kubernetes auth method (the role is `auth/<mountPath>/role/<name>`).
   */
  readonly mountPath: string;

  /**
   * `bound_service_account_names`: exactly the store's ServiceAccount.
   */
  readonly boundServiceAccountNames: string[];

  /**
   * `bound_service_account_namespaces`: exactly the ServiceAccount's namespace.
   */
  readonly boundServiceAccountNamespaces: string[];

  /**
   * `token_policies`: the derived policy.
   */
  readonly tokenPolicies: string[];

  /**
   * `audience` the ServiceAccount token must carry (Vault 1.21 and later require one).
   *
   * @default - none
   */
  readonly audience?: string;

  /**
   * `token_ttl` in seconds.
   *
   * @default - the mount's default
   */
  readonly tokenTtl?: number;

  /**
   * `token_max_ttl` in seconds.
   *
   * @default - the mount's default
   */
  readonly tokenMaxTtl?: number;
}

/** What an AWS identity needs in IAM. */
export interface AwsIdentityDocuments {
  readonly roleArn: string;
  /** The role's inline policy. */
  readonly policy: IamPolicyDocument;
  /** What the role that finally reads the secrets needs (the same as `policy` without role chaining). */
  readonly readPolicy: IamPolicyDocument;
  readonly trustPolicy: IamPolicyDocument;
  readonly warnings: string[];
}

/** What a Vault identity needs in Vault. */
export interface VaultIdentityDocuments {
  readonly policyName: string;
  readonly policyHcl: string;
  readonly role: VaultRoleParameters;
  readonly warnings: string[];
}

/** Validates an identity on its own, before any store uses it. */
export function checkIdentitySpec(where: string, spec: IdentitySpec): void {
  if (spec.kind === 'irsa') {
    parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn);
    checkRoleSpec(where, spec);
  } else if (spec.kind === 'podIdentity') {
    checkRoleSpec(where, spec);
    checkAccount(where, 'identity.account', spec.account);
    checkPartition(where, 'identity.partition', spec.partition ?? 'aws');
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(spec.clusterName)) {
      fail(where, `identity.clusterName ${quote(spec.clusterName)} is not an eks cluster name (1 to 100 letters, digits, - and _, starting with a letter or digit)`);
    }
    if (spec.serviceAccount.mode !== 'controller') {
      fail(where, 'eks pod identity works only for the eso controller\'s own ServiceAccount (eso cannot use it through a store\'s serviceAccountRef); use IRSA for a per-store identity');
    }
  } else {
    if (spec.role.trim() === '' || spec.role.includes('*') || /[\s/]/.test(spec.role)) {
      fail(where, `identity.role ${quote(spec.role)} is not a vault role name; give the exact name without spaces, "/" or "*"`);
    }
    checkMountPath(where, 'identity.mountPath', spec.mountPath ?? 'kubernetes');
    checkPolicyName(where, spec.policyName === undefined ? 'identity.role (used as the policy name)' : 'identity.policyName', spec.policyName ?? spec.role);
    if (spec.audience !== undefined && spec.audience.trim() === '') {
      fail(where, 'identity.audience is empty; give the audience the vault role expects, e.g. "vault"');
    }
    for (const [field, ttl] of [['tokenTtl', spec.tokenTtlSeconds], ['tokenMaxTtl', spec.tokenMaxTtlSeconds]] as const) {
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) {
        fail(where, `identity.${field} ${quote(ttl)} seconds must be a whole number of seconds above 0`);
      }
    }
    if (spec.tokenTtlSeconds !== undefined && spec.tokenMaxTtlSeconds !== undefined && spec.tokenTtlSeconds > spec.tokenMaxTtlSeconds) {
      fail(where, `identity.tokenTtl (${spec.tokenTtlSeconds}s) is longer than identity.tokenMaxTtl (${spec.tokenMaxTtlSeconds}s); make tokenTtl at most tokenMaxTtl`);
    }
  }
  const sa = spec.serviceAccount;
  if (sa.name !== undefined) {
    checkName(where, 'identity.serviceAccount.name', sa.name);
  }
  if (sa.namespace !== undefined) {
    checkNamespace(where, 'identity.serviceAccount.namespace', sa.namespace);
  }
}

/** Fails unless the identity fits the store's backend. */
export function checkIdentityFits(where: string, spec: IdentitySpec, backend: BackendInfo): void {
  const aws = spec.kind !== 'vaultKubernetes';
  if (aws && backend.providerKey !== 'aws') {
    fail(where, `identity is an aws iam role but the provider is ${quote(backend.providerKey)}; use an aws provider, or an identity for that backend`);
  }
  if (!aws && backend.providerKey !== 'vault') {
    fail(where, `identity is vault kubernetes auth but the provider is ${quote(backend.providerKey)}; use the vault provider, or an identity for that backend`);
  }
  const auth = backend.aws?.auth ?? backend.vault?.auth;
  if (auth !== undefined) {
    fail(where, `provider.${backend.providerKey}.auth is set and the store has an identity, which sets auth itself; remove auth from the provider`);
  }
}

/** Resolves the ServiceAccount an identity uses for a store. */
export function resolveServiceAccount(
  where: string,
  spec: IdentitySpec,
  store: { kind: StoreKind; namespace?: string; name: string; defaultNamespace?: string },
): BoundServiceAccount {
  const sa = spec.serviceAccount;
  if (sa.mode === 'controller') {
    return controllerAccount(spec);
  }
  const name = sa.name ?? store.name;
  checkName(where, 'identity.serviceAccount.name', name);
  if (store.kind === StoreKind.SECRET_STORE) {
    if (store.namespace === undefined) {
      fail(where, 'the SecretStore has no namespace, so its identity\'s ServiceAccount has none; set the store\'s (or its chart\'s) namespace');
    }
    if (sa.namespace !== undefined && sa.namespace !== store.namespace) {
      fail(where, `identity.serviceAccount.namespace ${quote(sa.namespace)} differs from the SecretStore's namespace ${quote(store.namespace)}; a SecretStore can only use a ServiceAccount in its own namespace, so remove the namespace`);
    }
    return { mode: sa.mode, name, namespace: store.namespace };
  }
  const namespace = sa.namespace ?? store.defaultNamespace;
  if (namespace === undefined) {
    fail(where, 'the ClusterSecretStore\'s identity needs a namespace for its ServiceAccount; give one with IdentityServiceAccount.create({ namespace }) (cdk8s also takes the chart\'s namespace)');
  }
  return { mode: sa.mode, name, namespace };
}

/** The provider `auth` block an identity gives a store: undefined means no auth (controller identity). */
export function identityAuth(spec: IdentitySpec, sa: BoundServiceAccount, kind: StoreKind): Record<string, unknown> | undefined {
  const ref = (audiences?: string[]) => ({
    name: sa.name,
    ...(kind === StoreKind.CLUSTER_SECRET_STORE ? { namespace: sa.namespace } : {}),
    ...(audiences ? { audiences } : {}),
  });
  if (spec.kind !== 'vaultKubernetes') {
    return sa.mode === 'controller' ? undefined : { jwt: { serviceAccountRef: ref() } };
  }
  return {
    kubernetes: {
      mountPath: spec.mountPath ?? 'kubernetes',
      role: spec.role,
      ...(sa.mode === 'controller' ? {} : { serviceAccountRef: ref([vaultAudience(spec, sa)!]) }),
    },
  };
}

/** The ARN of an AWS identity's role: account and partition from the OIDC provider (IRSA) or given. */
export function identityRoleArn(where: string, spec: IrsaSpec | PodIdentitySpec): string {
  if (spec.kind === 'irsa') {
    const oidc = parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn);
    return roleArn(oidc.partition, oidc.account, spec);
  }
  return roleArn(spec.partition ?? 'aws', spec.account, spec);
}

/** The ServiceAccount annotations an identity needs (IRSA's role ARN). */
export function serviceAccountAnnotations(where: string, spec: IdentitySpec): Record<string, string> {
  return spec.kind === 'irsa' ? { 'eks.amazonaws.com/role-arn': identityRoleArn(where, spec) } : {};
}

/** The IAM documents of an AWS identity used by these stores. */
export function awsIdentityDocuments(where: string, spec: IrsaSpec | PodIdentitySpec, uses: readonly IdentityUse[]): AwsIdentityDocuments {
  const oidc = spec.kind === 'irsa' ? parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn) : undefined;
  const partition = oidc?.partition ?? (spec as PodIdentitySpec).partition ?? 'aws';
  const account = oidc?.account ?? (spec as PodIdentitySpec).account;
  const own: Grant[] = [];
  const read: Grant[] = [];
  const warnings: string[] = [];
  for (const use of uses) {
    const backend = use.store.provider?._backend;
    const options: AwsProviderOptions | undefined = backend?.aws;
    if (!backend || !options) {
      continue;
    }
    const chain = [...(options.additionalRoles ?? []), ...(options.role ? [options.role] : [])];
    const target = chain.length ? /^arn:([a-z-]+):iam::(\d{12}):/.exec(chain[chain.length - 1]) : undefined;
    const derived = readGrants({
      where: use.store.where,
      service: backend.awsService!,
      region: options.region,
      partition: target?.[1] ?? partition,
      account: target?.[2] ?? account,
      prefix: options.prefix,
      kmsKeyArns: options.kmsKeyArns,
      allowUnscopedFind: spec.allowUnscopedFind,
    }, use.reads);
    warnings.push(...derived.warnings);
    read.push(...derived.grants);
    if (chain.length) {
      own.push(assumeRoleGrant(chain[0], (options.sessionTags?.length ?? 0) > 0));
    } else {
      own.push(...derived.grants);
    }
  }
  const policy = policyDocument(statementsOf(own));
  const readPolicy = policyDocument(statementsOf(read));
  checkPolicySize(where, 'iam policy', policy, INLINE_POLICY_LIMIT,
    'reference fewer distinct secrets through this store (a find with a path grants a whole prefix in one statement) or split them over more stores');
  const serviceAccounts = uniqueServiceAccounts(uses);
  let trustPolicy: IamPolicyDocument;
  if (oidc) {
    trustPolicy = irsaTrustPolicy(oidc, serviceAccounts);
  } else {
    if (serviceAccounts.length > 1) {
      fail(where, `the eks pod identity is used with ${serviceAccounts.length} different ServiceAccounts (${serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(', ')}); an association binds one, so give every store the same controller ServiceAccount`);
    }
    trustPolicy = podIdentityTrustPolicy((spec as PodIdentitySpec).clusterName, serviceAccounts[0] ?? controllerAccount(spec));
  }
  checkPolicySize(where, 'trust policy', trustPolicy, TRUST_POLICY_LIMIT,
    'fewer ServiceAccounts can share this identity; give the stores their own identities');
  return { roleArn: identityRoleArn(where, spec), policy, readPolicy, trustPolicy, warnings };
}

/** The Vault policy and role of a Vault identity used by these stores. */
export function vaultIdentityDocuments(where: string, spec: VaultKubernetesSpec, uses: readonly IdentityUse[]): VaultIdentityDocuments {
  const paths = new Map<string, Set<string>>();
  const warnings: string[] = [];
  for (const use of uses) {
    const backend = use.store.provider?._backend;
    if (!backend || backend.providerKey !== 'vault') {
      continue;
    }
    const derived = vaultReadPaths({
      where: use.store.where,
      mount: backend.vaultPath,
      version: backend.vaultVersion ?? VaultKvVersion.V2,
      allowUnscopedFind: spec.allowUnscopedFind,
    }, use.reads);
    warnings.push(...derived.warnings);
    for (const [path, caps] of derived.paths) {
      const set = paths.get(path) ?? new Set<string>();
      caps.forEach((c) => set.add(c));
      paths.set(path, set);
    }
  }
  const serviceAccounts = uniqueServiceAccounts(uses);
  if (serviceAccounts.length > 1) {
    fail(where, `the vault identity is used with ${serviceAccounts.length} different ServiceAccounts (${serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(', ')}); vault binds names and namespaces separately, which would admit every combination, so give each store its own identity`);
  }
  const sa = serviceAccounts[0] ?? controllerAccount(spec);
  const audience = vaultAudience(spec, sa);
  if (audience === undefined) {
    warnings.push(`${where}: the vault role has no audience (the controller's own token is used); vault 1.21 and later reject such roles, so set identity audience to the audience of the controller's token`);
  }
  const policyName = spec.policyName ?? spec.role;
  const policyHcl = paths.size > 0
    ? renderHcl(paths)
    : '# no secrets are read through this store yet: the policy grants nothing\n';
  return {
    policyName,
    policyHcl,
    role: {
      name: spec.role,
      mountPath: spec.mountPath ?? 'kubernetes',
      boundServiceAccountNames: [sa.name],
      boundServiceAccountNamespaces: [sa.namespace],
      tokenPolicies: [policyName],
      ...(audience !== undefined ? { audience } : {}),
      ...(spec.tokenTtlSeconds !== undefined ? { tokenTtl: spec.tokenTtlSeconds } : {}),
      ...(spec.tokenMaxTtlSeconds !== undefined ? { tokenMaxTtl: spec.tokenMaxTtlSeconds } : {}),
    },
    warnings,
  };
}

function vaultAudience(spec: VaultKubernetesSpec, sa: { mode?: string }): string | undefined {
  return spec.audience ?? (sa.mode === 'controller' ? undefined : 'vault');
}

function controllerAccount(spec: IdentitySpec): BoundServiceAccount {
  return {
    mode: spec.serviceAccount.mode,
    name: spec.serviceAccount.name ?? ESO_CONTROLLER_SERVICE_ACCOUNT.name,
    namespace: spec.serviceAccount.namespace ?? ESO_CONTROLLER_SERVICE_ACCOUNT.namespace,
  };
}

function uniqueServiceAccounts(uses: readonly IdentityUse[]): BoundServiceAccount[] {
  const seen = new Map<string, BoundServiceAccount>();
  for (const use of uses) {
    seen.set(`${use.serviceAccount.namespace}/${use.serviceAccount.name}`, use.serviceAccount);
  }
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

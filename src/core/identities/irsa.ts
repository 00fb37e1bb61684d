import { AwsIdentityDocuments, AwsRoleSpec, PARTITIONS, awsRoleDocuments, checkRoleSpec, roleArn } from './aws-role';
import { fail, quote } from '../model/errors';
import { BoundServiceAccount, IdentityModule, IRSA_ROLE_ARN_ANNOTATION, ServiceAccountSpec } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { checkName, checkNamespace } from '../model/names';
import { IamPolicyDocument } from '../permissions/iam';

/*
 * IRSA: an IAM role the store's ServiceAccount assumes with its projected token through the
 * cluster's OIDC provider (`auth.jwt.serviceAccountRef`).
 */

/** An IRSA identity: an IAM role trusted through the cluster's OIDC provider. */
export interface IrsaSpec extends AwsRoleSpec {
  readonly kind: 'irsa';
  readonly oidcProviderArn: string;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

const OIDC_PROVIDER_ARN = /^arn:([a-z-]+):iam::(\d{12}):oidc-provider\/([A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~-]+)*)$/;

/** The parts of an IAM OIDC provider ARN. */
export interface OidcProvider {
  readonly arn: string;
  readonly partition: string;
  readonly account: string;
  /** The issuer host and path (the ARN after `oidc-provider/`), used as the condition key prefix. */
  readonly issuer: string;
}

/** Parses an IAM OIDC provider ARN, failing with the expected shape. */
export function parseOidcProviderArn(where: string, field: string, arn: string): OidcProvider {
  const m = OIDC_PROVIDER_ARN.exec(arn);
  if (!m || !PARTITIONS.includes(m[1])) {
    const hint = /^https?:\/\//.test(arn) ? ' (that is the issuer url; the provider arn is "arn:aws:iam::<account>:oidc-provider/" followed by the url without https://)' : '';
    fail(where, 'irsa.oidc-provider-arn.invalid', `${field} ${quote(arn)} is not an iam oidc provider arn${hint}; use "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>"`);
  }
  return { arn, partition: m[1], account: m[2], issuer: m[3] };
}

/** The IRSA trust policy: only these ServiceAccounts, only with tokens for STS. */
export function irsaTrustPolicy(oidc: OidcProvider, serviceAccounts: ReadonlyArray<{ name: string; namespace: string }>): IamPolicyDocument {
  const subjects = [...new Set(serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`))].sort();
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: oidc.arn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${oidc.issuer}:aud`]: 'sts.amazonaws.com',
          [`${oidc.issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
        },
      },
    }],
  };
}

/** The ARN of an IRSA identity's role: account and partition from the OIDC provider. */
export function irsaRoleArn(where: string, spec: IrsaSpec): string {
  const oidc = parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn);
  return roleArn(oidc.partition, oidc.account, spec);
}

/** Checks the ServiceAccount name and namespace an identity gives. */
export function checkServiceAccountSpec(where: string, sa: ServiceAccountSpec): void {
  if (sa.name !== undefined) {
    checkName(where, 'identity.serviceAccount.name', sa.name);
  }
  if (sa.namespace !== undefined) {
    checkNamespace(where, 'identity.serviceAccount.namespace', sa.namespace);
  }
}

/** The `auth` block of an AWS store authenticating as a ServiceAccount (none for the controller's). */
export function awsJwtAuth(sa: BoundServiceAccount, kind: StoreKind): Record<string, unknown> | undefined {
  if (sa.mode === 'controller') {
    return undefined;
  }
  return { jwt: { serviceAccountRef: { name: sa.name, ...(kind === StoreKind.CLUSTER_SECRET_STORE ? { namespace: sa.namespace } : {}) } } };
}

/** The IRSA identity module. */
export const IRSA: IdentityModule<IrsaSpec, AwsIdentityDocuments> = {
  kind: 'irsa',
  family: 'aws-iam',
  description: 'an aws iam role',
  serves: 'use an aws provider',
  annotatesServiceAccount: true,
  eksPodIdentityAssociation: false,
  check(where, spec) {
    parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn);
    checkRoleSpec(where, spec);
    checkServiceAccountSpec(where, spec.serviceAccount);
  },
  authBlock: (_spec, sa, kind) => awsJwtAuth(sa, kind),
  serviceAccountAnnotations: (where, spec) => ({ [IRSA_ROLE_ARN_ANNOTATION]: irsaRoleArn(where, spec) }),
  documents(where, spec, uses) {
    const oidc = parseOidcProviderArn(where, 'identity.oidcProviderArn', spec.oidcProviderArn);
    return awsRoleDocuments(where, {
      partition: oidc.partition,
      account: oidc.account,
      roleArn: roleArn(oidc.partition, oidc.account, spec),
      allowUnscopedFind: spec.allowUnscopedFind,
    }, uses, (serviceAccounts) => irsaTrustPolicy(oidc, serviceAccounts));
  },
};

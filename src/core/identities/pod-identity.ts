import { AwsIdentityDocuments, AwsRoleSpec, awsRoleDocuments, checkAccount, checkPartition, checkRoleSpec, roleArn } from './aws-role';
import { awsJwtAuth, checkServiceAccountSpec } from './irsa';
import { controllerAccount } from './service-account';
import { fail, quote } from '../model/errors';
import { IdentityModule, ServiceAccountSpec } from '../model/identity';
import { IamPolicyDocument } from '../permissions/iam';

/*
 * EKS Pod Identity: an IAM role associated with ESO's controller ServiceAccount. ESO can use it
 * only through the controller's own credentials (no auth block), so the role is controller-wide.
 */

/** An EKS Pod Identity identity: an IAM role associated with ESO's controller ServiceAccount. */
export interface PodIdentitySpec extends AwsRoleSpec {
  readonly kind: 'podIdentity';
  readonly clusterName: string;
  readonly account: string;
  readonly partition?: string;
  readonly serviceAccount: ServiceAccountSpec;
  readonly allowUnscopedFind?: boolean;
}

/** The EKS Pod Identity trust policy, pinned by session tags to one cluster and ServiceAccount. */
export function podIdentityTrustPolicy(clusterName: string, serviceAccount: { name: string; namespace: string }): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-name': clusterName,
          'aws:RequestTag/kubernetes-namespace': serviceAccount.namespace,
          'aws:RequestTag/kubernetes-service-account': serviceAccount.name,
        },
      },
    }],
  };
}

/** The ARN of a Pod Identity's role. */
export function podIdentityRoleArn(spec: PodIdentitySpec): string {
  return roleArn(spec.partition ?? 'aws', spec.account, spec);
}

/** The EKS Pod Identity module. */
export const POD_IDENTITY: IdentityModule<PodIdentitySpec, AwsIdentityDocuments> = {
  kind: 'podIdentity',
  family: 'aws-iam',
  description: 'an aws iam role',
  serves: 'use an aws provider',
  annotatesServiceAccount: false,
  eksPodIdentityAssociation: true,
  check(where, spec) {
    checkRoleSpec(where, spec);
    checkAccount(where, 'identity.account', spec.account);
    checkPartition(where, 'identity.partition', spec.partition ?? 'aws');
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(spec.clusterName)) {
      fail(where, 'pod-identity.cluster-name.invalid', `identity.clusterName ${quote(spec.clusterName)} is not an eks cluster name (1 to 100 letters, digits, - and _, starting with a letter or digit)`);
    }
    if (spec.serviceAccount.mode !== 'controller') {
      fail(where, 'pod-identity.service-account.not-controller', 'eks pod identity works only for the eso controller\'s own ServiceAccount (eso cannot use it through a store\'s serviceAccountRef); use IRSA for a per-store identity');
    }
    checkServiceAccountSpec(where, spec.serviceAccount);
  },
  authBlock: (_spec, sa, kind) => awsJwtAuth(sa, kind),
  serviceAccountAnnotations: () => ({}),
  documents(where, spec, uses) {
    const partition = spec.partition ?? 'aws';
    return awsRoleDocuments(where, {
      partition,
      account: spec.account,
      roleArn: podIdentityRoleArn(spec),
      allowUnscopedFind: spec.allowUnscopedFind,
    }, uses, (serviceAccounts): IamPolicyDocument => {
      if (serviceAccounts.length > 1) {
        fail(where, 'pod-identity.service-account.many', `the eks pod identity is used with ${serviceAccounts.length} different ServiceAccounts (${serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(', ')}); an association binds one, so give every store the same controller ServiceAccount`);
      }
      return podIdentityTrustPolicy(spec.clusterName, serviceAccounts[0] ?? controllerAccount(spec));
    });
  },
};

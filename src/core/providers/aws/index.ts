import { AwsProviderOptions } from './options';
import { assumeRoleGrant, readGrants } from './permissions';
import { AwsServiceName, renderAwsProvider } from './render';
import { fail, quote } from '../../model/errors';
import { ProviderHandle, ProviderPrice } from '../../model/provider';

/*
 * The AWS base shared by Secrets Manager and Parameter Store: ESO's `aws` provider
 * (providers/v1/aws/), one block with a `service`.
 */

const DISPLAY_NAMES: Record<AwsServiceName, string> = {
  SecretsManager: 'AWS Secrets Manager',
  ParameterStore: 'AWS Parameter Store',
};

const PRICES: Record<AwsServiceName, ProviderPrice> = {
  SecretsManager: { per10k: 0.05 },
  ParameterStore: { per10k: 0.05, note: 'with higher throughput enabled; standard throughput is free but throttled' },
};

/** An AWS store's backend: the service and the user's options. */
export function awsProvider(service: AwsServiceName, options: AwsProviderOptions): ProviderHandle {
  return {
    key: 'aws',
    displayName: DISPLAY_NAMES[service],
    hasOwnAuth: options.auth !== undefined,
    render: (where, _store, auth) => renderAwsProvider(where, service, options, auth),
    namespacedRefs: () => options.auth?._namespacedRefs() ?? [],
    checkReference(where, field, ref) {
      if (ref.version !== undefined && !/^(uuid\/[0-9a-fA-F-]{32,64}|[A-Za-z0-9_]{1,256})$/.test(ref.version)) {
        fail(where, 'aws.version.invalid', `${field}.version ${quote(ref.version)} is neither a version stage (e.g. "AWSPREVIOUS") nor "uuid/<version id>"`);
      }
    },
    renderFind: (_where, _field, find) => find,
    permissions: {
      'aws-iam': (ctx, reads) => {
        const chain = [...(options.additionalRoles ?? []), ...(options.role ? [options.role] : [])];
        const target = chain.length ? /^arn:([a-z-]+):iam::(\d{12}):/.exec(chain[chain.length - 1]) : undefined;
        const derived = readGrants({
          where: ctx.where,
          service,
          region: options.region,
          partition: target?.[1] ?? ctx.partition,
          account: target?.[2] ?? ctx.account,
          prefix: options.prefix,
          kmsKeyArns: options.kmsKeyArns,
          allowUnscopedFind: ctx.allowUnscopedFind,
        }, reads);
        return {
          read: derived.grants,
          own: chain.length ? [assumeRoleGrant(chain[0], (options.sessionTags?.length ?? 0) > 0)] : derived.grants,
          warnings: derived.warnings,
        };
      },
    },
    price: PRICES[service],
    warnings: () => [],
  };
}

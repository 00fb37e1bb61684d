import { AwsProviderOptions } from './options';
import { PARAMETER_STORE } from './parameter-store';
import { AwsReadContext, assumeRoleGrant } from './permissions';
import { partitionOf, regionPartition } from './regions';
import { AwsServiceName, renderAwsProvider } from './render';
import { SECRETS_MANAGER } from './secrets-manager';
import { AwsService } from './service';
import { fail, quote } from '../../model/errors';
import { IamGrant } from '../../model/grants';
import { ProviderHandle } from '../../model/provider';
import { StoreRead } from '../../model/reads';
import { refuseUnderivedWrites } from '../../model/writes';

/*
 * The AWS base shared by Secrets Manager and Parameter Store: ESO's `aws` provider
 * (providers/v1/aws/), one block with a `service`; each service's rules live in its own file.
 */

const SERVICES: Record<AwsServiceName, AwsService> = {
  SecretsManager: SECRETS_MANAGER,
  ParameterStore: PARAMETER_STORE,
};

/** An AWS store's backend: the service and the user's options. */
export function awsProvider(serviceName: AwsServiceName, options: AwsProviderOptions): ProviderHandle {
  const service = SERVICES[serviceName];
  // An unknown region fails when the store renders, before any reference is checked.
  const rules = () => ({ region: options.region, partition: partitionOf(options.region) ?? 'aws', prefix: options.prefix });
  return {
    key: 'aws',
    displayName: service.displayName,
    hasOwnAuth: options.auth !== undefined,
    permissions: {
      'aws-iam': (ctx, reads, writes) => {
        refuseUnderivedWrites(writes, service.displayName);
        // auth.go createConfiguration: additionalRoles are assumed in order, then role; the
        // identity's own role assumes the first, and the last one reads.
        const chain = [...(options.additionalRoles ?? []), ...(options.role ? [options.role] : [])];
        if (chain.includes(ctx.roleArn)) {
          fail(ctx.where, 'aws.role.self', `provider.aws ${options.role === ctx.roleArn ? 'role' : 'additionalRoles'} names ${quote(ctx.roleArn)}, the store identity's own role, which would assume itself; remove it from the provider (the identity already is that role)`);
        }
        const target = chain.length ? /^arn:([a-z-]+):iam::(\d{12}):/.exec(chain[chain.length - 1]) : undefined;
        const partition = target?.[1] ?? ctx.partition;
        const regionIn = regionPartition(ctx.where, 'provider.aws.region', options.region);
        if (regionIn !== partition) {
          fail(ctx.where, 'aws.region.other-partition', `provider.aws.region ${quote(options.region)} is in partition ${quote(regionIn)}, but the role that reads is in ${quote(partition)}; roles cannot read across partitions, so use a role (or OIDC provider) of ${quote(regionIn)}`);
        }
        const warnings: string[] = [];
        const grants = service.grants({
          where: ctx.where,
          region: options.region,
          partition,
          account: target?.[2] ?? ctx.account,
          prefix: options.prefix,
          kmsKeyArns: options.kmsKeyArns,
          allowUnscopedFind: ctx.allowUnscopedFind,
        }, reads, warnings);
        return {
          read: grants,
          own: chain.length ? [assumeRoleGrant(chain[0], (options.sessionTags?.length ?? 0) > 0)] : grants,
          warnings,
        };
      },
    },
    price: service.price,
    render: (where, _store, auth) => renderAwsProvider(where, serviceName, options, auth),
    namespacedRefs: () => options.auth?._namespacedRefs() ?? [],
    checkReference: (where, field, ref) => service.checkReference(where, field, ref, rules()),
    renderFind: (where, field, find) => {
      // secretsmanager.go and parameterstore.go findByName/findByTags list find.path as given: the
      // store's prefix is put before the keys of references only. Checked for a prefix that is a
      // path (a name prefix such as "team-" is matched with nameRegexp under any path).
      const prefix = options.prefix;
      if (prefix?.startsWith('/') && find.path !== undefined && find.path !== '/' && !find.path.startsWith(prefix) && `${find.path}/` !== prefix) {
        const full = prefix.endsWith('/') && find.path.startsWith('/') ? prefix + find.path.slice(1) : prefix + find.path;
        fail(where, 'aws.find.path-without-prefix', `${field}.path ${quote(find.path)} does not start with the store's prefix ${quote(prefix)}; eso puts the prefix before the keys of references but lists find paths as written, so this would list ${quote(find.path)}; write the whole path, e.g. ${quote(full)}`);
      }
      return service.renderFind(where, field, find, rules());
    },
    // With a prefix, names are not known from the find alone.
    foundKeySamples: (find) => (find.path !== undefined && options.prefix === undefined ? service.foundKeys(find.path) : []),
    warnings: () => [],
  };
}

/** The grants one AWS service gives for these reads, and warnings. */
export function readGrants(
  ctx: AwsReadContext & { service: AwsServiceName },
  reads: readonly StoreRead[],
): { grants: IamGrant[]; warnings: string[] } {
  const warnings: string[] = [];
  const grants = SERVICES[ctx.service].grants(ctx, reads, warnings);
  return { grants, warnings };
}

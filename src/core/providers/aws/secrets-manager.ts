import { checkNoWildcard, kmsGrants, unscopedFind } from './permissions';
import { Arn, AwsService, parseArn } from './service';
import { fail, quote } from '../../model/errors';
import { IamGrant } from '../../model/grants';
import { MetadataPolicy } from '../../model/reads';

/*
 * AWS Secrets Manager, as ESO's client calls it (providers/v1/aws/secretsmanager/secretsmanager.go).
 */

/** The 6-character suffix AWS adds to every secret's ARN. */
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** A version stage: ESO sends any version without `uuid/` as `VersionStage`. */
const VERSION_STAGE = /^[A-Za-z0-9_.\-]{1,256}$/;
const BARE_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The ARN a referenced secret has in IAM. A full ARN is kept. A partial ARN (without the random
 * suffix, which GetSecretValue accepts) matches the real secret only with `-??????` appended, as a
 * name does. An ARN whose name ends in "-" and six letters or digits is taken as complete.
 */
function secretResource(name: string, arn: Arn | undefined, arnBase: string): string {
  if (arn) {
    return RANDOM_SUFFIX.test(arn.resource) ? name : `${name}-??????`;
  }
  return `${arnBase}:secret:${name}-??????`;
}

export const SECRETS_MANAGER: AwsService = {
  name: 'SecretsManager',
  displayName: 'AWS Secrets Manager',
  arnService: 'secretsmanager',
  price: { per10k: 0.05 },
  // The path is a name prefix (secretsmanager.go findByName: a "name" filter), often a folder.
  foundKeys: (path) => (path.endsWith('/') ? [`${path}db-password`] : [`${path}-db-password`, `${path}/db-password`]),
  checkReference(where, field, ref, ctx) {
    if (ref.version !== undefined) {
      // constructSecretValue: "uuid/<id>" is sent as VersionId, anything else as VersionStage.
      if (BARE_UUID.test(ref.version)) {
        fail(where, 'aws.version.bare-uuid', `${field}.version ${quote(ref.version)} is a version id, which eso would send as a version stage; write it as "uuid/${ref.version}"`);
      }
      if (!/^uuid\/[0-9a-fA-F-]{32,64}$/.test(ref.version) && !VERSION_STAGE.test(ref.version)) {
        fail(where, 'aws.version.invalid', `${field}.version ${quote(ref.version)} is neither a version stage (e.g. "AWSPREVIOUS") nor "uuid/<version id>"`);
      }
      if (ref.metadataPolicy === MetadataPolicy.FETCH) {
        // metadataPolicy Fetch calls DescribeSecret only, which has no version.
        fail(where, 'aws.version.with-metadata', `${field}.version ${quote(ref.version)} is ignored with metadataPolicy "Fetch" (eso reads the tags of the secret, which have no versions); remove version`);
      }
    }
    checkArnKey(where, field, ref.key, ctx, 'secretsmanager');
  },
  renderFind(where, field, find, ctx) {
    // GetAllSecrets: a find needs a name regexp or tags ("unexpected find operator"); a path is
    // only a name-prefix filter on ListSecrets / BatchGetSecretValue. A path alone means
    // "everything under it": every name matches.
    const hasTags = find.tags !== undefined && Object.keys(find.tags).length > 0;
    const completed = find.nameRegexp === undefined && !hasTags && find.path !== undefined ? { ...find, nameRegexp: '.*' } : find;
    if (ctx.prefix !== undefined && completed.path === undefined && completed.nameRegexp !== undefined) {
      // findByName without a path lists names, then GetSecretValue(prefix + name): a secret that is not there.
      fail(where, 'aws.find.prefix-without-path', `${field} has a name regexp but no path through a store with prefix ${quote(ctx.prefix)}; eso would read each found secret as prefix + name, which does not exist, so give the find a path (e.g. ${quote(ctx.prefix)})`);
    }
    for (const [key, value] of Object.entries(find.tags ?? {})) {
      if (!/^[a-zA-Z0-9 :_@/+=.-]{1,512}$/.test(key) || !/^[a-zA-Z0-9 :_@/+=.-]{0,512}$/.test(value)) {
        fail(where, 'aws.find.tag-invalid', `${field}.tags ${quote(key)}: ${quote(value)} cannot be a secrets manager filter (letters, digits, spaces and :_@/+=.- only; a leading "!" would negate it); use the tag as it is written in aws`);
      }
    }
    return completed;
  },
  grants(ctx, reads, warnings) {
    const grants: IamGrant[] = [];
    const arnBase = `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.account}`;
    for (const read of reads) {
      if (read.key !== undefined) {
        // fetch: SecretId = prefix + key; only GetSecretValue (DescribeSecret for metadata) is called.
        const name = `${ctx.prefix ?? ''}${read.key}`;
        checkNoWildcard(read, name);
        const resource = secretResource(name, name.startsWith('arn:') ? parseArn(name) : undefined, arnBase);
        grants.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resource });
        continue;
      }
      const path = read.find!.path;
      if (path !== undefined) {
        checkNoWildcard(read, path);
      }
      // ListSecrets and BatchGetSecretValue cannot be scoped to secrets; the values found can.
      grants.push({ actions: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], resource: '*' });
      if (path === undefined) {
        unscopedFind(ctx, read, `every secret in ${ctx.region} of account ${ctx.account}`, warnings);
      }
      grants.push({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resource: `${arnBase}:secret:${path ?? ''}*` });
    }
    return [...grants, ...kmsGrants(ctx, 'secretsmanager', reads)];
  },
};

/**
 * A key given as an ARN must name the store's service and region: the client calls the store's
 * regional endpoint with the ARN as is, and puts the store's prefix in front of it.
 */
export function checkArnKey(
  where: string,
  field: string,
  key: string,
  ctx: { region: string; partition: string; prefix?: string },
  service: string,
): void {
  if (!key.startsWith('arn:')) {
    return;
  }
  const arn = parseArn(key);
  if (!arn || arn.service !== service) {
    fail(where, 'aws.key.arn-invalid', `${field}.key ${quote(key)} is not a ${service} arn; give the name, or the arn "arn:${ctx.partition}:${service}:${ctx.region}:<account>:${service === 'ssm' ? 'parameter/<name>' : 'secret:<name>'}"`);
  }
  if (ctx.prefix !== undefined) {
    fail(where, 'aws.key.arn-with-prefix', `${field}.key ${quote(key)} is an arn, but the store has prefix ${quote(ctx.prefix)}, which eso would put in front of it; give the name without the prefix, or use a store without prefix`);
  }
  if (arn.region !== ctx.region || arn.partition !== ctx.partition) {
    fail(where, 'aws.key.arn-other-region', `${field}.key ${quote(key)} is in ${arn.partition}/${arn.region}, but the store reads from ${ctx.partition}/${ctx.region} and eso calls only that region's endpoint; read it through a store in ${arn.region}`);
  }
}

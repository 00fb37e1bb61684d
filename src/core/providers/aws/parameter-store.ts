import { checkNoWildcard, kmsGrants, unscopedFind } from './permissions';
import { checkArnKey } from './secrets-manager';
import { AwsService } from './service';
import { fail, quote } from '../../model/errors';
import { IamGrant } from '../../model/grants';
import { MetadataPolicy } from '../../model/reads';

/*
 * AWS Systems Manager Parameter Store, as ESO's client calls it
 * (providers/v1/aws/parameterstore/parameterstore.go).
 */

/** A parameter version (a positive number) or label, as `name:<version>` takes it. */
const VERSION = /^([1-9]\d{0,9}|[A-Za-z][A-Za-z0-9_.-]{0,99})$/;

export const PARAMETER_STORE: AwsService = {
  name: 'ParameterStore',
  displayName: 'AWS Parameter Store',
  arnService: 'ssm',
  // GetParametersByPath: the parameters under the path, by their full names.
  foundKeys: (path) => [`${path.replace(/\/$/, '')}/db-password`],
  price: { per10k: 0.05, note: 'with higher throughput enabled; standard throughput is free but throttled' },
  checkReference(where, field, ref, ctx) {
    if (ref.version !== undefined) {
      // parameterNameWithVersion: GetParameter(name + ":" + version).
      if (!VERSION.test(ref.version)) {
        fail(where, 'aws.version.invalid', `${field}.version ${quote(ref.version)} is neither a parameter version number (e.g. "3") nor a label; eso reads "<name>:<version>"`);
      }
      if (ref.key.includes(':') && !ref.key.startsWith('arn:')) {
        fail(where, 'aws.version.twice', `${field}.key ${quote(ref.key)} already selects a version with ":" and version ${quote(ref.version)} adds another; give the version in one place`);
      }
      if (ref.metadataPolicy === MetadataPolicy.FETCH) {
        // getParameterTags: ListTagsForResource on "<name>:<version>", which is no resource.
        fail(where, 'aws.version.with-metadata', `${field}.version ${quote(ref.version)} cannot be combined with metadataPolicy "Fetch" (eso would list the tags of "<name>:${ref.version}", which is no parameter); remove version`);
      }
    }
    checkArnKey(where, field, ref.key, ctx, 'ssm');
    // GetParameter takes a parameter's name; one ending in "/" (or with an empty sub-path) names a
    // path, which it rejects ("ValidationException: Parameter name: … sub-paths divided by slash").
    const name = `${ctx.prefix ?? ''}${ref.key}`;
    if (!name.startsWith('arn:')) {
      const read = ctx.prefix ? ` (with the store's prefix it reads ${quote(name)})` : '';
      if (name.endsWith('/')) {
        const path = name.replace(/\/+$/, '').replace(/\/{2,}/g, '/') || '/';
        fail(where, 'aws.parameter.path-as-name', `${field}.key ${quote(ref.key)} ends with "/"${read}, so it names a path, not a parameter; parameter store refuses it ("ValidationException: Parameter name …"); to read every parameter under a path, use store.find({ path: ${quote(path)} })`);
      }
      if (name.includes('//')) {
        const fixed = ctx.prefix?.endsWith('/') && ref.key.startsWith('/') ? ref.key.replace(/^\/+/, '') : ref.key.replace(/\/{2,}/g, '/');
        fail(where, 'aws.parameter.empty-sub-path', `${field}.key ${quote(ref.key)} makes a parameter name with an empty sub-path ("//")${read}, which parameter store refuses ("ValidationException: Parameter name …"); write it as ${quote(fixed)}`);
      }
    }
  },
  renderFind(where, field, find) {
    // GetAllSecrets: name wins over tags, and neither is "unexpected find operator". A path alone
    // means "everything under it": every name matches, listed with GetParametersByPath.
    const hasTags = find.tags !== undefined && Object.keys(find.tags).length > 0;
    if (find.nameRegexp !== undefined && hasTags) {
      fail(where, 'aws.find.name-and-tags', `${field} has both nameRegexp and tags, but eso's parameter store find uses the name and silently drops the tags; give one of them (two finds for both)`);
    }
    if (find.path !== undefined && !find.path.startsWith('/')) {
      fail(where, 'aws.find.path-relative', `${field}.path ${quote(find.path)} does not start with "/"; parameter paths are absolute, e.g. ${quote(`/${find.path}`)}`);
    }
    for (const [key, value] of Object.entries(find.tags ?? {})) {
      if (value === '') {
        fail(where, 'aws.find.tag-empty', `${field}.tags ${quote(key)} has an empty value, which describeparameters rejects; give the tag's value`);
      }
    }
    return find.nameRegexp === undefined && !hasTags && find.path !== undefined ? { ...find, nameRegexp: '.*' } : find;
  },
  grants(ctx, reads, warnings) {
    const grants: IamGrant[] = [];
    const arnBase = `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.account}`;
    for (const read of reads) {
      if (read.key !== undefined) {
        const name = `${ctx.prefix ?? ''}${read.key}`;
        checkNoWildcard(read, name);
        const arn = name.startsWith('arn:') ? name : `${arnBase}:parameter/${name.replace(/^\//, '')}`;
        grants.push({ actions: [read.metadataPolicy === MetadataPolicy.FETCH ? 'ssm:ListTagsForResource' : 'ssm:GetParameter'], resource: arn });
        continue;
      }
      const find = read.find!;
      if (find.path !== undefined) {
        checkNoWildcard(read, find.path);
      }
      const trimmed = (find.path ?? '').replace(/^\/+|\/+$/g, '');
      if (find.nameRegexp !== undefined) {
        // findByName: GetParametersByPath on the path (default "/"), recursively.
        if (trimmed === '') {
          unscopedFind(ctx, read, `every parameter in ${ctx.region} of account ${ctx.account}`, warnings);
          grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/*` });
        } else {
          grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/${trimmed}` });
          grants.push({ actions: ['ssm:GetParametersByPath'], resource: `${arnBase}:parameter/${trimmed}/*` });
        }
        continue;
      }
      // findByTags: DescribeParameters (only grantable on *), then GetParameter on each match.
      grants.push({ actions: ['ssm:DescribeParameters', 'tag:GetResources'], resource: '*' });
      if (trimmed === '') {
        unscopedFind(ctx, read, `every parameter in ${ctx.region} of account ${ctx.account}`, warnings);
      }
      grants.push({ actions: ['ssm:GetParameter'], resource: `${arnBase}:parameter/${trimmed === '' ? '' : `${trimmed}/`}*` });
    }
    return [...grants, ...kmsGrants(ctx, 'ssm', reads)];
  },
};

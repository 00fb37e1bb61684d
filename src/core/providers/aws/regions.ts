import { fail, quote } from '../../model/errors';
import { distance } from '../../model/shape';

/*
 * The AWS regions, by partition. ESO's webhook accepts almost any string as a region (it only asks
 * the SDK's endpoint resolver to build a URL: providers/v1/aws/provider.go, validateRegion), and a
 * region that is no region fails on the first API call, so esokit checks against this list.
 */
const REGIONS: Record<string, readonly string[]> = {
  'aws': [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
    'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
    'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
    'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1',
    'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

/** The partition of a known region, or undefined. */
export function partitionOf(region: string): string | undefined {
  return Object.entries(REGIONS).find(([, regions]) => regions.includes(region))?.[0];
}

/** The partition of a known region, failing for a region AWS does not have. */
export function regionPartition(where: string, field: string, region: string): string {
  const partition = partitionOf(region);
  if (partition !== undefined) {
    return partition;
  }
  const all = Object.values(REGIONS).flat();
  const near = all.find((r) => r === region.toLowerCase().trim().replace(/_/g, '-'))
    ?? all.find((r) => r.replace(/-/g, '') === region.toLowerCase().replace(/[^a-z0-9]/g, ''))
    ?? closest(all, region.toLowerCase().trim());
  fail(where, 'aws.region.invalid', `${field} ${quote(region)} is not an aws region; ${near ? `did you mean ${quote(near)}? ` : ''}use a region code such as "us-east-1" or "eu-west-2"`);
}

/** The one region within two edits of `given` (a typo such as "sa-esat-1"), if exactly one is. */
function closest(regions: readonly string[], given: string): string | undefined {
  const near = regions.filter((r) => distance(r, given) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

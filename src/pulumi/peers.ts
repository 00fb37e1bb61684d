/**
 * The Pulumi packages `esokit/pulumi` runs against, with the ranges it supports.
 *
 * They are optional peer dependencies of the published package (so cdk8s users never download
 * them, and a Pulumi program keeps its one copy of `@pulumi/pulumi`). The build adds them to the
 * packed `package.json` from this list, and esokit/pulumi checks what it loads against it.
 */
export const PULUMI_PEERS = {
  '@pulumi/pulumi': '^3.100.0',
  '@pulumi/kubernetes': '^4.10.0',
  '@pulumi/aws': '^7.0.0',
  '@pulumi/vault': '^7.0.0',
} as const;

/** One of the Pulumi packages esokit/pulumi uses. */
export type PulumiPeer = keyof typeof PULUMI_PEERS;

const checked = new Set<string>();

/**
 * Loads one of the Pulumi packages from the user's program (never a copy of esokit's own), after
 * checking that it is installed and in the supported range.
 *
 * @internal
 */
export function requirePeer<T>(name: PulumiPeer): T {
  checkPeer(name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(name) as T;
}

/**
 * Fails with what to install when a Pulumi package is missing or outside the supported range.
 *
 * @internal
 */
export function checkPeer(name: PulumiPeer, resolveFrom: string = __dirname): void {
  if (checked.has(`${resolveFrom}\0${name}`)) {
    return;
  }
  const range = PULUMI_PEERS[name];
  let version: string;
  try {
    const manifest = require.resolve(`${name}/package.json`, { paths: [resolveFrom] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    version = require(manifest).version;
  } catch {
    throw new Error(`esokit/pulumi needs ${name} ${range}, which is not installed; install it in your pulumi program (npm install ${name}@"${range}")`);
  }
  if (!satisfiesCaret(version, range)) {
    throw new Error(`esokit/pulumi supports ${name} ${range}, but ${version} is installed; install a supported version (npm install ${name}@"${range}")`);
  }
  checked.add(`${resolveFrom}\0${name}`);
}

/**
 * Whether `version` satisfies a caret range `^X.Y.Z` (the only kind PULUMI_PEERS uses).
 *
 * @internal
 */
export function satisfiesCaret(version: string, range: string): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?/.exec(v);
  const have = parse(version);
  const want = parse(range.replace(/^\^/, ''));
  if (!have || !want || have[4] !== undefined) {
    return false;
  }
  const [major, minor, patch] = [1, 2, 3].map((i) => Number(have[i]));
  const [wMajor, wMinor, wPatch] = [1, 2, 3].map((i) => Number(want[i]));
  if (major !== wMajor) {
    return false;
  }
  return minor > wMinor || (minor === wMinor && patch >= wPatch);
}

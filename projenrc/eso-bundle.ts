/**
 * The ESO v2.9.0 CRD bundle, the schema every object esokit emits must satisfy; the build derives
 * the raw provider blocks' schemas from it and the tests validate against it.
 *
 * It is read from `../shared/eso/v2.9.0/crds-bundle.yaml` beside the project when present, else
 * from a git-ignored cache that `ensureEsoBundle()` fills from the upstream release tag. The
 * file's sha256 is pinned, so a changed upstream file fails loudly.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';

export const ESO_BUNDLE_SHA256 = '08b08d88e9522436698d6c90510b530d491081fbf92015faa7a571bb8b50bc5b';
export const ESO_BUNDLE_URL = 'https://raw.githubusercontent.com/external-secrets/external-secrets/v2.9.0/deploy/crds/bundle.yaml';

const ROOT = path.resolve(__dirname, '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'eso', 'v2.9.0', 'crds-bundle.yaml');
const CACHE = path.join(ROOT, '.cache', 'eso', 'v2.9.0', 'crds-bundle.yaml');

/** Path of the bundle when it is on disk, else undefined. */
export function esoBundlePath(): string | undefined {
  return [SHARED, CACHE].find((p) => fs.existsSync(p));
}

/** Makes sure the bundle is on disk, downloading it into the cache when needed. */
export async function ensureEsoBundle(): Promise<string> {
  const existing = esoBundlePath();
  if (existing) {
    return existing;
  }
  let body: Buffer;
  try {
    body = await download(ESO_BUNDLE_URL);
  } catch (e) {
    throw new Error(`the eso v2.9.0 crd bundle is needed to validate output: it is not at ${SHARED} and downloading ${ESO_BUNDLE_URL} failed (${(e as Error).message}); put the file at ${CACHE}`);
  }
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== ESO_BUNDLE_SHA256) {
    throw new Error(`downloaded eso crd bundle has sha256 ${sha}, expected ${ESO_BUNDLE_SHA256}`);
  }
  fs.mkdirSync(path.dirname(CACHE), { recursive: true });
  fs.writeFileSync(CACHE, body);
  return CACHE;
}

function download(url: string, redirects = 3): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https.get(url, { timeout: 30_000 }, (res) => {
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && redirects > 0) {
        res.resume();
        resolve(download(res.headers.location, redirects - 1));
        return;
      }
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`http ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject).on('timeout', function (this: any) {
      this.destroy(new Error('timed out'));
    });
  });
}

/**
 * Where the Kubernetes, Flux and Argo CD schema packages run. They need Node 22 or later, so they
 * are not the project's dependencies (which install on Node 20 without engine warnings): the
 * tests' global setup installs them from test/models/ into .cache/, with a Node 22 runtime from
 * the npm registry when the tests themselves run on Node 20.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'test', 'models');
/** The Node release the schema packages run on when the tests run on an older one. */
export const MODELS_NODE_VERSION = '22.23.5';

function lockHash(): string {
  return createHash('sha256').update(fs.readFileSync(path.join(SOURCE, 'package-lock.json'))).digest('hex').slice(0, 12);
}

/** The folder the schema packages are installed in (with validate.mjs beside them). */
export function modelsDir(): string {
  return path.join(ROOT, '.cache', 'models', lockHash());
}

/** A Node binary of release 22 or later: this one, or the runtime the setup installs. */
export function modelsNode(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    return process.execPath;
  }
  const dir = path.join(ROOT, '.cache', 'node', MODELS_NODE_VERSION);
  return path.join(dir, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

function npmCli(): string {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const found = candidates.find((c) => c && c.endsWith('.js') && fs.existsSync(c));
  if (!found) {
    throw new Error('cannot find npm-cli.js to install the test schema packages; run the tests through npm (npm test)');
  }
  return found;
}

/** Installs the Node runtime (when needed) and the schema packages, once per lockfile. */
export function ensureModels(): void {
  const node = modelsNode();
  if (!fs.existsSync(node)) {
    const dir = path.join(ROOT, '.cache', 'node', MODELS_NODE_VERSION);
    const pkg = `node-${process.platform}-${process.arch}@${MODELS_NODE_VERSION}`;
    try {
      execFileSync(process.execPath, [npmCli(), 'install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', dir, pkg], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`the schema tests need Node 22 or later; installing ${pkg} from the npm registry failed: ${(e as Error).message}`);
    }
  }
  const dir = modelsDir();
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'validate.mjs']) {
    fs.copyFileSync(path.join(SOURCE, file), path.join(dir, file));
  }
  if (!fs.existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) {
    execFileSync(node, [npmCli(), 'ci', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: dir, stdio: 'pipe' });
  }
}

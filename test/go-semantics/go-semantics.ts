/**
 * Runs tools/go-semantics, our small Go program that prints what Go itself does with test vectors
 * (test/vectors/*.json), so the TypeScript checks of Go behaviour are held against Go.
 *
 * The binary is built once per change of its sources and Go toolchain, under
 * .cache/go-semantics/<hash>/. Its few dependencies (sprig and yaml, for ESO's template function
 * map) are pinned by go.mod and go.sum and come from the Go module proxy once per machine.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = path.join(ROOT, 'tools/go-semantics');
export const VECTORS = path.join(ROOT, 'test/vectors');

/** One vector as stored in test/vectors/<mode>.json. */
export interface Vector<I = Record<string, unknown>> {
  readonly name: string;
  readonly mode: string;
  readonly input: I;
}

/** What the Go program printed for one vector. */
export interface GoOutcome<R = Record<string, unknown>> {
  readonly file: string;
  readonly name: string;
  readonly mode: string;
  readonly result?: R;
  readonly error?: string;
}

const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' };

function go(args: string[], cwd: string): string {
  try {
    return execFileSync('go', args, { cwd, env: GO_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(`go is not installed; this suite checks esokit against Go itself and needs Go ${goModVersion()} or later`);
    }
    throw new Error(`go ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

function goModVersion(): string {
  return /^go (\S+)$/m.exec(fs.readFileSync(path.join(SOURCES, 'go.mod'), 'utf8'))?.[1] ?? '(see go.mod)';
}

let built: string | undefined;

/** The path of the go-semantics binary, built first if its sources or the toolchain changed. */
export function goSemanticsBinary(): string {
  if (built) {
    return built;
  }
  const hash = createHash('sha256');
  const files = fs.readdirSync(SOURCES).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort();
  for (const f of files) {
    hash.update(`${f}\0${fs.readFileSync(path.join(SOURCES, f), 'utf8')}\0`);
  }
  hash.update(go(['env', 'GOVERSION', 'GOOS', 'GOARCH'], SOURCES));
  const key = hash.digest('hex').slice(0, 16);
  const cache = path.join(ROOT, '.cache/go-semantics');
  const bin = path.join(cache, key, 'go-semantics');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    const tmp = `${bin}.${process.pid}.tmp`;
    go(['build', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], SOURCES);
    fs.renameSync(tmp, bin);
    // Builds for older sources are never used again.
    for (const old of fs.readdirSync(cache)) {
      if (old !== key) {
        fs.rmSync(path.join(cache, old), { recursive: true, force: true });
      }
    }
  }
  built = bin;
  return bin;
}

/** Runs the Go program on vector files and returns its outcomes, in order. */
export function runGoSemantics(files: string[]): GoOutcome[] {
  const out = execFileSync(goSemanticsBinary(), files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as GoOutcome[];
}

/** Runs vectors that exist only in the test (derived from others) through the Go program. */
export function runGoOnVectors(vectors: Vector[]): GoOutcome[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-semantics-'));
  try {
    const file = path.join(dir, 'derived.json');
    fs.writeFileSync(file, JSON.stringify(vectors));
    return runGoSemantics([file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The vectors of test/vectors/<name>. */
export function readVectors<I>(name: string): Array<Vector<I>> {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8')) as Array<Vector<I>>;
}

/**
 * Profiles esokit's side of one bench child and prints its hot spots:
 *
 *   ts-node --transpile-only --project examples/tsconfig.json bench/profile.ts cdk8s 10000
 *   ts-node --transpile-only --project examples/tsconfig.json bench/profile.ts pulumi 1000
 *
 * The child runs under `node --cpu-prof`; only the samples of its timed region are kept (the
 * child reports it on the profiler's clock). Frames in .ts files are mapped back to their TypeScript
 * lines by transpiling the file again as ts-node did and reading the source map. Prints the
 * functions with most self time, the esokit functions with most total time (time with the
 * function on the stack), and self time by file and by package.
 *
 * `... bench/profile.ts counts 10000` instead counts calls of a few core functions in one
 * esokit cdk8s run (through their module exports, which other modules call them by).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line import/no-extraneous-dependencies -- the bench's, as ts-node's
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

// --- source maps of ts-node's transpilation ---------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Per generated line, the segments [generated column, source line] (0-based). */
/* eslint-disable no-bitwise -- base64 VLQ */
function decodeMappings(mappings: string): Array<Array<[number, number]>> {
  const lines: Array<Array<[number, number]>> = [];
  let srcLine = 0;
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number]> = [];
    let col = 0;
    for (const segment of line.split(',')) {
      if (segment === '') {
        continue;
      }
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0];
      if (values.length >= 3) {
        srcLine += values[2];
        segments.push([col, srcLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}
/* eslint-enable no-bitwise */

let compilerOptions: ts.CompilerOptions | undefined;
const maps = new Map<string, Array<Array<[number, number]>> | undefined>();

/** The TypeScript line (1-based) of a 0-based generated position in a .ts file. */
function tsLine(file: string, line: number, column: number): number | undefined {
  if (!maps.has(file)) {
    if (!compilerOptions) {
      const configFile = path.join(ROOT, 'examples', 'tsconfig.json');
      const config = ts.readConfigFile(configFile, ts.sys.readFile);
      compilerOptions = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configFile)).options;
    }
    try {
      const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { ...compilerOptions, sourceMap: true, inlineSourceMap: false, inlineSources: false, declaration: false, noEmit: false },
      });
      maps.set(file, decodeMappings(JSON.parse(out.sourceMapText!).mappings));
    } catch {
      maps.set(file, undefined);
    }
  }
  const segments = maps.get(file)?.[line];
  if (!segments || segments.length === 0) {
    return undefined;
  }
  let found = segments[0];
  for (const s of segments) {
    if (s[0] <= column) {
      found = s;
    }
  }
  return found[1] + 1;
}

// --- analysis ------------------------------------------------------------------------------------

function fileOf(url: string): string {
  return url.startsWith('file://') ? new URL(url).pathname : url;
}

function where(frame: CallFrame): string {
  const file = fileOf(frame.url);
  if (file === '') {
    return '(native)';
  }
  const rel = path.relative(ROOT, fs.existsSync(file) ? fs.realpathSync(file) : file);
  const line = file.endsWith('.ts') ? tsLine(file, frame.lineNumber, frame.columnNumber) : frame.lineNumber + 1;
  const shown = rel.replace(/^.*node_modules\//, 'node_modules/');
  return `${shown}:${line ?? frame.lineNumber + 1}`;
}

/** The package (or esokit folder) a frame belongs to. */
function packageOf(frame: CallFrame): string {
  const file = fileOf(frame.url);
  if (file === '') {
    return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  }
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (m) {
    return m[1];
  }
  if (file.startsWith('node:')) {
    return 'node';
  }
  const rel = path.relative(ROOT, file);
  return rel.startsWith('src/') ? rel.split('/').slice(0, 3).join('/').replace(/\.ts$/, '') : rel.split('/')[0];
}

function pct(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`.padStart(6);
}

function analyse(profile: CpuProfile, window: number[], top: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}\u0000${n.callFrame.columnNumber}`;
  const frames = new Map<string, CallFrame>();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  let t = profile.startTime;
  let kept = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < window[0] || t > window[1]) {
      continue;
    }
    kept++;
    const leaf = byId.get(profile.samples[i])!;
    const k = key(leaf);
    frames.set(k, leaf.callFrame);
    self.set(k, (self.get(k) ?? 0) + 1);
    const pkg = packageOf(leaf.callFrame);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + 1);
    const file = leaf.callFrame.url ? where(leaf.callFrame).replace(/:\d+$/, '') : packageOf(leaf.callFrame);
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      const nk = key(node);
      if (!seen.has(nk)) {
        seen.add(nk);
        frames.set(nk, node.callFrame);
        total.set(nk, (total.get(nk) ?? 0) + 1);
      }
    }
  }
  const msPerSample = (window[1] - window[0]) / 1000 / Math.max(kept, 1);
  console.log(`timed region ${((window[1] - window[0]) / 1000).toFixed(0)} ms, ${kept} samples (${msPerSample.toFixed(2)} ms each)\n`);
  const name = (k: string) => frames.get(k)!.functionName || '(anonymous)';
  console.log('top self time (function, file:line, self %, total %)');
  for (const [k, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${pct(n, kept)} self ${pct(total.get(k) ?? 0, kept)} total  ${name(k)}  ${where(frames.get(k)!)}`);
  }
  console.log('\ntop total time of esokit functions (src/; function, file:line, total %, self %)');
  const own = [...total].filter(([k]) => fileOf(frames.get(k)!.url).startsWith(path.join(ROOT, 'src')));
  for (const [k, n] of own.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${pct(n, kept)} total ${pct(self.get(k) ?? 0, kept)} self  ${name(k)}  ${where(frames.get(k)!)}`);
  }
  console.log('\ntop total time of other functions (libraries, node)');
  const other = [...total].filter(([k]) => {
    const f = frames.get(k)!;
    return f.url !== '' && !fileOf(f.url).startsWith(path.join(ROOT, 'src')) && !fileOf(f.url).includes('/bench/');
  });
  for (const [k, n] of other.sort((a, b) => b[1] - a[1]).slice(0, Math.ceil(top / 2))) {
    console.log(`  ${pct(n, kept)} total ${pct(self.get(k) ?? 0, kept)} self  ${name(k)}  ${where(frames.get(k)!)}`);
  }
  console.log('\nself time by package / esokit folder');
  for (const [p, n] of [...selfByPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${pct(n, kept)}  ${p}`);
  }
  console.log('\nself time by file');
  for (const [f, n] of [...selfByFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${pct(n, kept)}  ${f}`);
  }
}

function profileChild(bench: 'cdk8s' | 'pulumi', n: number, top: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-profile-'));
  const file = path.join(__dirname, bench === 'cdk8s' ? 'synth.bench.ts' : 'pulumi.bench.ts');
  const out = execFileSync(process.execPath, ['--expose-gc', '--cpu-prof', '--cpu-prof-dir', dir, ...process.execArgv, file, '--child', 'esokit', String(n)], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  const sample = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; window: number[] };
  const profiles = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  // ts-node may run the script in a process of its own: the profile holding the region is the one.
  const profile = profiles.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile)
    .find((p) => p.startTime <= sample.window[0] && p.endTime >= sample.window[1]);
  if (!profile) {
    throw new Error(`no profile in ${dir} covers the timed region`);
  }
  console.log(`${bench} esokit ${n}: ${sample.ms.toFixed(0)} ms under the profiler (profiles in ${dir})`);
  analyse(profile, sample.window, top);
}

/* eslint-disable @typescript-eslint/no-require-imports -- patched through the module objects other modules call */
function countCalls(n: number): void {
  const targets: Array<[string, string]> = [
    ['../src/core/binding/reads', 'readsThrough'],
    ['../src/cdk8s/internal', 'externalSecretDeclarations'],
    ['../src/cdk8s/internal', 'externalSecretsWriting'],
    ['../src/cdk8s/internal', 'storeHandleOf'],
    ['../src/cdk8s/internal', 'goDuration'],
    ['../src/core/resources/external-secret', 'renderExternalSecretSpec'],
    ['../src/core/resources/conflicts', 'checkTargetConflicts'],
    ['../src/core/model/shape', 'checkArgs'],
    ['../src/core/binding/identity', 'awsIdentityDocuments'],
    ['../src/core/binding/identity', 'identityWarnings'],
    ['../src/core/permissions/iam', 'statementsOf'],
    ['../src/core/permissions/iam', 'checkPolicySize'],
  ];
  const counts = new Map<string, number>();
  for (const [mod, fn] of targets) {
    const exports = require(mod);
    const original = exports[fn];
    counts.set(fn, 0);
    Object.defineProperty(exports, fn, {
      configurable: true,
      enumerable: true,
      value: function counted(this: unknown, ...args: unknown[]) {
        counts.set(fn, counts.get(fn)! + 1);
        return original.apply(this, args);
      },
    });
  }
  const { esokit } = require('./synth.bench');
  const out = esokit(n);
  const yaml: string = out.app.synthYaml();
  out.docs();
  console.log(`calls in one esokit cdk8s run of ${n} ExternalSecrets over 100 stores (${yaml.length} bytes of YAML):`);
  for (const [fn, c] of counts) {
    console.log(`  ${String(c).padStart(10)}  ${fn}  (${(c / n).toFixed(1)} per ExternalSecret)`);
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

if (require.main === module) {
  const [what, size] = [process.argv[2], Number(process.argv[3])];
  if (what === 'counts') {
    countCalls(size || 10_000);
  } else if (what === 'cdk8s' || what === 'pulumi') {
    profileChild(what, size || (what === 'cdk8s' ? 10_000 : 1_000), Number(process.argv[4]) || 25);
  } else {
    console.error('usage: bench/profile.ts cdk8s|pulumi|counts [size] [top]');
    process.exit(2);
  }
}

/**
 * The published package: built and packed as a release is, then compiled against by scratch
 * consumers (moduleResolution node16, nodenext, bundler and node10; CommonJS and ESM) that run
 * under Pulumi mocks with their own, single copy of @pulumi/pulumi.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { esoBundlePath } from '../support/eso-crds';

const ROOT = path.join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'lib', 'dist', '.git', 'out', '.cache', 'test-reports', 'coverage', '.jsii', 'tsconfig.tsbuildinfo']);

let work: string;
let packed: any;
let projectPackageJson: string;
let projectRoot: string;
let consumer: string;

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-package-'));
  // A copy of the project, so the build leaves the working tree alone.
  const project = path.join(work, 'esokit');
  fs.cpSync(ROOT, project, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) || path.dirname(src) !== ROOT });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  // The build derives the provider schemas from ESO's CRD bundle: the copy gets the one the tests
  // use, as it has no ../shared beside it.
  const bundle = path.join(project, '.cache', 'eso', 'v2.9.0', 'crds-bundle.yaml');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.copyFileSync(esoBundlePath()!, bundle);
  run('npx', ['projen', 'compile'], project);
  const dist = path.join(work, 'dist');
  fs.mkdirSync(dist);
  // npm's own pack, with its hooks, as `npm publish` packs: no step of esokit's build after it.
  run('npm', ['pack', '--silent', '--pack-destination', dist], project);
  projectPackageJson = fs.readFileSync(path.join(project, 'package.json'), 'utf-8');
  projectRoot = project;
  const tarball = path.join(dist, fs.readdirSync(dist).find((f) => f.endsWith('.tgz'))!);

  // A consumer with the library installed from the tarball and its own Pulumi and cdk8s.
  consumer = path.join(work, 'consumer');
  const modules = path.join(consumer, 'node_modules');
  fs.mkdirSync(path.join(modules, '@pulumi'), { recursive: true });
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  for (const dep of ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/aws', '@pulumi/vault', '@types/node', 'cdk8s', 'cdk8s-plus-27', 'constructs']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
  }
  fs.mkdirSync(path.join(modules, 'esokit'));
  run('tar', ['-xzf', tarball, '-C', path.join(modules, 'esokit'), '--strip-components=1'], consumer);
  packed = JSON.parse(fs.readFileSync(path.join(modules, 'esokit', 'package.json'), 'utf-8'));
}, 600_000);

afterAll(() => {
  if (work) {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('package.json of the packed library', () => {
  test('the Pulumi packages are optional peers and never dependencies', () => {
    expect(packed.peerDependencies).toMatchObject({
      '@pulumi/pulumi': '^3.100.0',
      '@pulumi/kubernetes': '^4.10.0',
      '@pulumi/aws': '^7.0.0',
      '@pulumi/vault': '^7.0.0',
      'cdk8s': '^2.69.0',
    });
    for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/aws', '@pulumi/vault']) {
      expect(packed.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
    expect(packed.peerDependenciesMeta.cdk8s).toBeUndefined();
    expect(Object.keys(packed.dependencies ?? {}).filter((d) => d.startsWith('@pulumi/'))).toEqual([]);
    // Only the RE2 engine is bundled (jsii requires runtime dependencies to be), never a Pulumi package.
    expect(packed.bundledDependencies ?? packed.bundleDependencies).toEqual(['re2js']);
  });

  test('packing leaves the project\'s package.json as it was (no peers jsii would refuse)', () => {
    expect(JSON.parse(projectPackageJson).peerDependencies['@pulumi/pulumi']).toBeUndefined();
    expect(fs.existsSync(path.join(projectRoot, '.package.json.before-pack'))).toBe(false);
  });

  test('every source map of lib names sources the package holds', () => {
    const pkg = path.join(consumer, 'node_modules', 'esokit');
    const missing: string[] = [];
    let maps = 0;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(file);
        } else if (entry.name.endsWith('.js')) {
          const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(fs.readFileSync(file, 'utf-8'));
          if (!inline) {
            continue;
          }
          maps++;
          const map = JSON.parse(Buffer.from(inline[1], 'base64').toString('utf-8'));
          for (const source of map.sources as string[]) {
            const resolved = path.resolve(path.dirname(file), map.sourceRoot ?? '', source);
            if (!resolved.startsWith(pkg + path.sep) || !fs.existsSync(resolved)) {
              missing.push(`${path.relative(pkg, file)} -> ${source}`);
            }
          }
        }
      }
    };
    walk(path.join(pkg, 'lib'));
    expect(maps).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    expect(fs.existsSync(path.join(pkg, 'src', 'pulumi', 'index.ts'))).toBe(true);
  });

  test('esokit/pulumi is an export, with typesVersions for node10 resolution', () => {
    expect(packed.exports['./pulumi']).toEqual({ types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' });
    expect(packed.typesVersions['*'].pulumi).toEqual(['lib/pulumi/index.d.ts']);
    const lib = path.join(consumer, 'node_modules', 'esokit', 'lib');
    expect(fs.existsSync(path.join(lib, 'pulumi', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(lib, 'pulumi', 'index.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(lib, '.pulumi-build'))).toBe(false);
    expect(fs.existsSync(path.join(consumer, 'node_modules', 'esokit', '.jsii'))).toBe(true);
    // jsii's own core (with its runtime type information) is the one shipped.
    expect(fs.readFileSync(path.join(lib, 'core', 'providers', 'index.js'), 'utf-8')).toContain('JSII_RTTI_SYMBOL_1');
  });
});

/** The program each consumer runs: mocks from its own @pulumi/pulumi, then a store and an ExternalSecret. */
const PROGRAM = `
const seen: string[] = [];
pulumi.runtime.setMocks({
  newResource: (args) => { seen.push(args.type); return { id: args.name + '-id', state: args.inputs }; },
  call: () => { throw new Error('no calls'); },
}, 'consumer', 'test', false);
const store = new eso.SecretStore('aws', {
  namespace: 'app',
  provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }),
  identity: eso.StoreIdentity.irsa({ oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X', roleName: 'r' }),
});
const db = new eso.ExternalSecret('db', { store, data: { password: store.ref('db', { property: 'password' }) } });
store.seal();
const env = db.envVar('DB_PASSWORD', 'password');
db.resource.id.apply(() => {
  setTimeout(() => console.log(JSON.stringify({
    sameCore: SecretStoreProvider === eso.SecretStoreProvider,
    env: env.name,
    types: [...new Set(seen)].sort(),
  })), 100);
});
`;

const EXPECTED = {
  sameCore: true,
  env: 'DB_PASSWORD',
  types: [
    'aws:iam/role:Role',
    'aws:iam/rolePolicy:RolePolicy',
    'esokit:eso:ExternalSecret',
    'esokit:eso:SecretStore',
    'kubernetes:core/v1:ServiceAccount',
    'kubernetes:external-secrets.io/v1:ExternalSecret',
    'kubernetes:external-secrets.io/v1:SecretStore',
  ],
};

interface Variant {
  readonly name: string;
  readonly type: 'commonjs' | 'module';
  readonly compilerOptions: Record<string, unknown>;
  readonly imports: string;
  readonly runs: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: 'node16-cjs',
    type: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    imports: 'import * as pulumi from \'@pulumi/pulumi\';\nimport * as eso from \'esokit/pulumi\';\nimport { SecretStoreProvider } from \'esokit\';',
    runs: true,
  },
  {
    // Named imports from ESM: node must see the CommonJS exports of both entry points.
    name: 'nodenext-esm',
    type: 'module',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    imports: [
      'import * as pulumi from \'@pulumi/pulumi\';',
      'import { ExternalSecret, SecretStore, SecretStoreProvider as PulumiProvider, StoreIdentity } from \'esokit/pulumi\';',
      'import { SecretStoreProvider } from \'esokit\';',
      'const eso = { ExternalSecret, SecretStore, SecretStoreProvider: PulumiProvider, StoreIdentity };',
    ].join('\n'),
    runs: true,
  },
  {
    name: 'bundler',
    type: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    imports: 'import * as pulumi from \'@pulumi/pulumi\';\nimport * as eso from \'esokit/pulumi\';\nimport { SecretStoreProvider } from \'esokit\';',
    runs: false,
  },
  {
    name: 'node10-cjs',
    type: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
    imports: 'import * as pulumi from \'@pulumi/pulumi\';\nimport * as eso from \'esokit/pulumi\';\nimport { SecretStoreProvider } from \'esokit\';',
    runs: true,
  },
];

describe.each(VARIANTS)('a $name consumer', (variant) => {
  test(`compiles${variant.runs ? ', runs under mocks with one @pulumi/pulumi,' : ''} and resolves esokit/pulumi`, () => {
    const dir = path.join(consumer, variant.name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${variant.name}`, private: true, type: variant.type }));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', strict: true, skipLibCheck: true, outDir: 'out', types: ['node'], ...variant.compilerOptions },
      files: ['index.ts'],
    }));
    fs.writeFileSync(path.join(dir, 'index.ts'), `${variant.imports}\n${PROGRAM}`);
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
    if (!variant.runs) {
      return;
    }
    const out = run(process.execPath, [path.join('out', 'index.js')], dir);
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(EXPECTED);
  }, 120_000);
});

test('the Pulumi example compiles against the packed library as its README has users run it', () => {
  const dir = path.join(consumer, 'example');
  fs.cpSync(path.join(ROOT, 'examples', 'pulumi'), dir, { recursive: true });
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--types', 'node'], dir);
  expect(fs.existsSync(path.join(dir, 'bin', 'index.js'))).toBe(true);
}, 120_000);

test('esokit/pulumi resolves the program\'s own @pulumi/pulumi', () => {
  const script = 'const esokitDir = require("path").dirname(require.resolve("esokit/package.json"));'
    + 'console.log(require.resolve("@pulumi/pulumi", { paths: [esokitDir + "/lib/pulumi"] }) === require.resolve("@pulumi/pulumi"));';
  expect(run(process.execPath, ['-e', script], consumer).trim()).toBe('true');
});

test('without @pulumi/aws, esokit/pulumi still loads and an AWS identity names what to install', () => {
  const aws = path.join(consumer, 'node_modules', '@pulumi', 'aws');
  fs.rmSync(aws);
  const script = [
    'const pulumi = require("@pulumi/pulumi");',
    'pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "p", "s", false);',
    'const eso = require("esokit/pulumi");',
    'try {',
    '  new eso.SecretStore("aws", { namespace: "app", provider: eso.SecretStoreProvider.awsSecretsManager({ region: "us-east-1" }),',
    '    identity: eso.StoreIdentity.irsa({ oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X", roleName: "r" }) });',
    '} catch (e) { console.log(e.message); }',
  ].join('\n');
  try {
    expect(run(process.execPath, ['-e', script], consumer).trim()).toBe(
      'esokit/pulumi needs @pulumi/aws ^7.0.0, which is not installed; install it in your pulumi program (npm install @pulumi/aws@"^7.0.0")');
  } finally {
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@pulumi', 'aws'), aws, 'dir');
  }
});

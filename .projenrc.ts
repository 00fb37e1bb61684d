import { JsonFile, cdk, javascript } from 'projen';
import { PULUMI_PEERS } from './src/pulumi/peers';

const project = new cdk.JsiiProject({
  name: 'esokit',
  description:
    'One typed declaration of which workload gets which secret from which backend, rendered as External Secrets Operator v1 resources with early validation.',
  author: 'esokit maintainers',
  authorAddress: 'maintainers@esokit.dev',
  repositoryUrl: 'https://github.com/esokit/esokit.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'external-secrets', 'eso', 'kubernetes', 'secrets', 'irsa', 'vault'],
  license: 'Apache-2.0',

  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  minNodeVersion: '20.0.0',

  // CI is `.ci/run` on a clean clone; no hosted workflows are generated.
  github: false,
  release: false,
  prettier: false,

  peerDeps: ['cdk8s@^2.69.0', 'cdk8s-plus-27@^2.9.5', 'constructs@^10.3.0'],
  // Go's regexp semantics (RE2) for every pattern esokit accepts; bundled, as jsii requires.
  bundledDeps: ['re2js@^2.10.0'],
  devDeps: [
    'fast-check@^4',
    'ajv@^8',
    'yaml@^2',
    'ts-node@^10',
    // The Pulumi front end's packages, for building and testing it. They are not jsii modules, so
    // they cannot be peers while jsii compiles: the packed package.json gets them as optional peers.
    ...Object.entries(PULUMI_PEERS).map(([name, range]) => `${name}@${range}`),
    // (The schemas of the Kubernetes API, Flux and Argo CD that tests validate against need Node 22:
    // they are test/models/'s own package, installed and run apart by the tests' global setup.)
    // Types only: the Helm-less manifests are type-checked against the Kubernetes API's types.
    'kubernetes-types@^1.30.0',
  ],

  // src/pulumi is plain TypeScript (generics, non-jsii types), compiled by tsc after jsii.
  excludeTypescript: ['src/pulumi/**'],

  // Names in the other jsii languages are chosen once and never change.
  publishToPypi: { distName: 'esokit', module: 'esokit' },
  publishToMaven: {
    javaPackage: 'dev.esokit',
    mavenGroupId: 'dev.esokit',
    mavenArtifactId: 'esokit',
  },
  publishToGo: { moduleName: 'github.com/esokit/esokit-go' },
  publishToNuget: { dotNetNamespace: 'Esokit', packageId: 'Esokit' },

  gitignore: ['/out/', '/.cache/'],
  jestOptions: {
    // Snapshots are compared, never rewritten by a test run (`npx jest -u` updates them on purpose).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Puts ESO's CRD bundle on disk (from ../shared, or downloaded into .cache/) before any test.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // The Pulumi example imports the package as a user does; tests run it against the sources.
      moduleNameMapper: { '^esokit/pulumi$': '<rootDir>/src/pulumi', '^esokit$': '<rootDir>/src' },
      // Coverage is measured on demand (`npx jest --coverage`), not on every run.
      collectCoverage: false,
      // A file's first test also loads (and ts-jest compiles) the library: on two busy cores that
      // alone can pass jest's 5 s default. Speed is measured by `npm run bench`, not by timeouts.
      testTimeout: 30_000,
    },
  },
});

// `npm ci` rejects the lockfile with a newer unrs-resolver than the one jest's resolver pins.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The raw provider blocks' schemas, derived from the pinned ESO CRD bundle before anything
// compiles or runs the sources (upstream data: generated, git-ignored, never committed).
const PROVIDER_SCHEMAS_FILE = 'src/core/providers/custom/schemas.generated.ts';
const providerSchemas = project.addTask('provider-schemas', {
  description: 'Derive the provider block schemas from the pinned ESO CRD bundle',
  exec: 'ts-node --transpile-only --project projenrc/tsconfig.json projenrc/provider-schemas.ts',
});
// In compile itself, so `npx projen compile` works on a fresh clone without the build task.
project.compileTask.prependSpawn(providerSchemas);
project.gitignore.exclude(`/${PROVIDER_SCHEMAS_FILE}`);

// The shapes of the public API's inputs, read from its TypeScript types, for the run-time checks
// JavaScript callers get (derived from the sources: generated, git-ignored, never committed).
const PUBLIC_SHAPES_FILE = 'src/core/model/shapes.generated.ts';
const publicShapes = project.addTask('public-shapes', {
  description: 'Derive the shapes of the public API\'s inputs from its TypeScript types',
  exec: 'ts-node --transpile-only --project projenrc/tsconfig.json projenrc/public-shapes.ts',
});
// Right after the provider schemas, which the sources import.
project.compileTask.insertStep(1, { spawn: publicShapes.name });
project.gitignore.exclude(`/${PUBLIC_SHAPES_FILE}`);

// The built-in example apps, synthesized into out/ (dist/ is projen's package output).
const example = project.addTask('example', {
  description: 'Synthesize the example apps into out/',
});
example.spawn(providerSchemas);
example.spawn(publicShapes);
example.exec('ts-node --transpile-only --project examples/tsconfig.json examples/main.ts');

const bench = project.addTask('bench', {
  description: 'Benchmark synthesis against raw cdk8s ApiObjects (time and peak memory)',
});
bench.spawn(providerSchemas);
bench.spawn(publicShapes);
bench.exec('ts-node --transpile-only --project examples/tsconfig.json bench/synth.bench.ts');

// esokit/pulumi: tsc compiles src/pulumi (and, beside it, the core it imports) into a scratch
// folder after jsii; only lib/pulumi is kept, so jsii's own lib/core (with its runtime type
// information) is never overwritten. Its imports of ../core resolve to jsii's lib/core.
new JsonFile(project, 'src/pulumi/tsconfig.json', {
  obj: {
    extends: '../../tsconfig.json',
    compilerOptions: {
      rootDir: '..',
      outDir: '../../lib/.pulumi-build',
      types: ['node'],
    },
    include: ['./**/*.ts'],
    exclude: [],
  },
});
project.compileTask.exec('tsc -p src/pulumi/tsconfig.json');
project.compileTask.exec('node projenrc/keep-pulumi-build.js');

// Core's layers (DESIGN.md, architecture v2), each importing only those below it:
// model < permissions < resources < providers < identities < binding < cost, gitops, operator.
// Core never imports a front end or a framework, and no file imports its way back into itself.
const CORE_LAYERS: Array<[string, string[]]> = [
  ['model', ['permissions', 'resources', 'providers', 'identities', 'binding', 'cost', 'gitops', 'operator']],
  ['permissions', ['resources', 'providers', 'identities', 'binding', 'cost', 'gitops', 'operator']],
  ['resources', ['permissions', 'providers', 'identities', 'binding', 'cost', 'gitops', 'operator']],
  ['providers', ['resources', 'identities', 'binding', 'cost', 'gitops', 'operator']],
  ['identities', ['resources', 'providers', 'binding', 'cost', 'gitops', 'operator']],
  ['binding', ['cost', 'gitops', 'operator']],
  ['operator', ['permissions', 'resources', 'providers', 'identities', 'binding', 'cost', 'gitops']],
];
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      ...CORE_LAYERS.map(([target, above]) => ({
        target: `./src/core/${target}`,
        from: above.map((layer) => `./src/core/${layer}`),
        message: `src/core/${target} is below ${above.join(', ')}: move the shared part down a layer`,
      })),
      {
        target: './src/core',
        from: ['./src/cdk8s', './src/pulumi', './node_modules/cdk8s', './node_modules/cdk8s-plus-27', './node_modules/constructs', './node_modules/@pulumi'],
        message: 'src/core is framework-free: front ends import core, never the other way',
      },
    ],
  }],
});

// The Pulumi packages are devDependencies here and optional peers in the packed package.json
// (added around `npm pack` by projenrc/pack-peers.js), which the import rule cannot see.
project.eslint?.addOverride({
  files: ['src/pulumi/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': 'off' },
});

// `esokit` is the jsii library; `esokit/pulumi` the Pulumi components. typesVersions serves
// TypeScript consumers still on `moduleResolution: node` (node10), which ignores `exports`.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addField('typesVersions', { '*': { pulumi: ['lib/pulumi/index.d.ts'] } });

// API.md documents the jsii library; PULUMI-API.md the Pulumi components, from their doc comments.
project.tasks.tryFind('docgen')?.exec('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/pulumi-api.ts');

// The packed package declares the Pulumi packages as optional peers (see src/pulumi/peers.ts):
// npm's own pack and publish hooks add them to package.json around the pack, so that any
// `npm pack` or `npm publish` of the built project declares them, and projen's package task too.
project.addTask('prepack', { description: 'Declare the Pulumi packages as optional peers in the package being packed', exec: 'node projenrc/pack-peers.js add' });
project.addTask('postpack', { description: 'Restore package.json after packing', exec: 'node projenrc/pack-peers.js restore' });
project.gitignore.exclude('/.package.json.before-pack');
project.npmignore?.exclude('/.package.json.before-pack');
// Maven Central serves no org.cdk8s:cdk8s-plus-27 and the Go module proxy neither cdk8s-core-go
// nor cdk8s-plus-go: jsii-pacmak builds them from the npm packages into node_modules/<pkg>/dist/,
// where the builds of esokit's jar and Go module find them as local dependencies (never in dist/,
// so they are not published with esokit).
project.tasks.tryFind('package:java')?.prependExec('jsii-pacmak node_modules/cdk8s-plus-27 -v --target java --mvn-define=maven.javadoc.skip=true');
project.tasks.tryFind('package:go')?.prependExec('jsii-pacmak node_modules/cdk8s node_modules/cdk8s-plus-27 -v --target go');

project.npmignore?.exclude('/examples/', '/bench/', '/.ci/', '/out/');
// The TypeScript sources ship with the package: lib's source maps name them.
project.npmignore?.removePatterns('/src/');

project.synth();

import { cdk, javascript } from 'projen';

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
  devDeps: ['fast-check@^4', 'ajv@^8', 'yaml@^2', 'ts-node@^10'],

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
      // Coverage is measured on demand (`npx jest --coverage`), not on every run.
      collectCoverage: false,
    },
  },
});

// `npm ci` rejects the lockfile with a newer unrs-resolver than the one jest's resolver pins.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The built-in example apps, synthesized into out/ (dist/ is projen's package output).
project.addTask('example', {
  description: 'Synthesize the example apps into out/',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json examples/main.ts',
});

project.addTask('bench', {
  description: 'Benchmark synthesis against raw cdk8s ApiObjects (time and peak memory)',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json bench/synth.bench.ts',
});

project.npmignore?.exclude('/examples/', '/bench/', '/.ci/', '/out/');

project.synth();

/**
 * Synthesizes every example app into out/<example>/ (`npm run example`).
 */
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { awsSecretsManagerApp } from './aws-secrets-manager';
import { vaultApp } from './vault';

export const EXAMPLES: Record<string, (app: App) => unknown> = {
  'aws-secrets-manager': awsSecretsManagerApp,
  'vault': vaultApp,
};

export function synthExamples(outdir: string): string[] {
  const written: string[] = [];
  for (const [name, build] of Object.entries(EXAMPLES)) {
    const app = new App({ outdir: path.join(outdir, name), yamlOutputType: YamlOutputType.FILE_PER_CHART });
    build(app);
    app.synth();
    written.push(path.join(outdir, name));
  }
  return written;
}

if (require.main === module) {
  const outdir = path.resolve(__dirname, '..', 'out');
  for (const dir of synthExamples(outdir)) {
    console.log(`synthesized ${path.relative(process.cwd(), dir)}`);
  }
}

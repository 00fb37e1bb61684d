import { generateProviderSchemas } from '../../projenrc/provider-schemas';

export default async function globalSetup(): Promise<void> {
  // Puts ESO's CRD bundle on disk and derives the provider schemas the sources import from it.
  await generateProviderSchemas();
}

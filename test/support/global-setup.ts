import { ensureModels } from './models-runtime';
import { generateProviderSchemas } from '../../projenrc/provider-schemas';
import { generatePublicShapes } from '../../projenrc/public-shapes';

export default async function globalSetup(): Promise<void> {
  // Puts ESO's CRD bundle on disk and derives the provider schemas the sources import from it.
  await generateProviderSchemas();
  // The shapes of the public API's inputs, which the sources' run-time type checks import.
  generatePublicShapes();
  // The Kubernetes, Flux and Argo CD schema packages, on a Node that they support.
  ensureModels();
}

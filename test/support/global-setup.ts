import { ensureEsoBundle } from './eso-crds';

export default async function globalSetup(): Promise<void> {
  await ensureEsoBundle();
}

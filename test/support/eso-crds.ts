/** The ESO CRD bundle for the tests: where the build finds it (projenrc/eso-bundle.ts). */
export { ESO_BUNDLE_SHA256, ESO_BUNDLE_URL, ensureEsoBundle, esoBundlePath } from '../../projenrc/eso-bundle';

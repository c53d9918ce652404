import { defineConfig } from 'vite';

// The default configuration. COMPAT_SSR_BUNDLED=1 bundles the package into the server build
// (ssr.noExternal, as for a serverless deploy) instead of importing it from node_modules.
export default defineConfig(
  process.env.COMPAT_SSR_BUNDLED === '1' ? { ssr: { noExternal: true }, build: { outDir: 'dist-bundled' } } : {},
);

import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// https://vite.dev/config/ (the template's config: nothing needed for the wasm package). One
// line for this repository only: npm links node_modules/wasm-auth-client to ../../pkg, whose
// hook entry imports 'vue'; Vite would look for it from pkg/, outside the app. Preserving the
// link's path resolves it from the app, as a registry install (a copy in node_modules) does.
export default defineConfig({
  plugins: [vue()],
  resolve: { preserveSymlinks: true },
});

import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// https://vite.dev/config/ (the template's config: nothing needed for the wasm package)
export default defineConfig({
  plugins: [vue()],
});

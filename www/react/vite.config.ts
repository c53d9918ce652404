import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// https://vite.dev/config/ (the template's config: nothing needed for the wasm package)
export default defineConfig({
  plugins: [react()],
});

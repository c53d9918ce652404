import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// https://vite.dev/config/ (the template's config)
export default defineConfig({
  plugins: [react()],
});

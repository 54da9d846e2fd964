import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One config for the app, Vitest (see vitest.config.ts) and vite-node (CLI, bench):
// WGSL files are imported as strings with `?raw` everywhere.
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './scripts/csp-plugin.js'; // .js: resolves to the .ts (Vite warns about extensionless imports)

// One config for the app, Vitest (see vitest.config.ts) and vite-node (CLI, bench):
// WGSL files are imported as strings with `?raw` everywhere. The page's
// Content-Security-Policy comes from scripts/csp-plugin.ts.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});

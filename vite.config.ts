import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './scripts/csp-plugin.js'; // .js: resolves to the .ts (Vite warns about extensionless imports)

// One config for the app, Vitest (see vitest.config.ts) and vite-node (CLI, bench):
// WGSL files are imported as strings with `?raw` everywhere. The page's
// Content-Security-Policy comes from scripts/csp-plugin.ts.
//
// COOP same-origin + COEP require-corp make the page cross-origin isolated: SharedArrayBuffer
// exists and the wasm backend's GEMM runs on a pool of workers (src/engine/wasm/threads.ts).
// Everything the page loads is its own origin's, so require-corp blocks nothing. A static host
// must send the same two headers for threads (docs/performance.md, "CPU backend").
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});

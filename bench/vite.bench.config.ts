// Vite config of the benchmark page (bench/page): built once by bench/run.ts into a
// temporary folder and served on 127.0.0.1 (a secure context, so navigator.gpu exists).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./page', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', emptyOutDir: true, chunkSizeWarningLimit: 4000, reportCompressedSize: false },
});

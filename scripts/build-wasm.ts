// Writes src/engine/wasm/kernels.gen.ts from assembly/ (see wasm-kernels.ts). Run with
// `npm run build:wasm`; `npm ci` runs it too (the `prepare` script).
import { writeFileSync } from 'node:fs';
import { compileKernels, renderKernelsModule, WASM_MODULE_FILE } from './wasm-kernels';

const wasm = await compileKernels();
writeFileSync(WASM_MODULE_FILE, renderKernelsModule(wasm));
console.log(`wrote ${WASM_MODULE_FILE} (${wasm.length} bytes of wasm)`);

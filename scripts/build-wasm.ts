// Writes src/engine/wasm/kernels.gen.ts and its shared-memory twin kernels-shared.gen.ts
// from assembly/ (see wasm-kernels.ts). Run with
// `npm run build:wasm`; `npm ci` runs it too (the `prepare` script).
import { writeFileSync } from 'node:fs';
import { ASC_SHARED_FLAGS, compileKernels, renderKernelsModule, WASM_MODULE_FILE, WASM_SHARED_MODULE_FILE } from './wasm-kernels';

const wasm = await compileKernels();
writeFileSync(WASM_MODULE_FILE, renderKernelsModule(wasm));
console.log(`wrote ${WASM_MODULE_FILE} (${wasm.length} bytes of wasm)`);

const shared = await compileKernels(ASC_SHARED_FLAGS);
writeFileSync(WASM_SHARED_MODULE_FILE, renderKernelsModule(shared, ASC_SHARED_FLAGS, 'WASM_SHARED_KERNELS_BASE64'));
console.log(`wrote ${WASM_SHARED_MODULE_FILE} (${shared.length} bytes of wasm, shared memory)`);

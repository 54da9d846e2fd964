import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASC_SHARED_FLAGS, compileKernels, renderKernelsModule, WASM_MODULE_FILE, WASM_SHARED_MODULE_FILE } from './wasm-kernels';

describe('the generated wasm kernels module', () => {
  it('is what assembly/ compiles to (run `npm run build:wasm`)', async () => {
    const wasm = await compileKernels();
    expect(WebAssembly.validate(new Uint8Array(wasm))).toBe(true);
    expect(readFileSync(WASM_MODULE_FILE, 'utf8')).toBe(renderKernelsModule(wasm));
  }, 120_000);

  it('has a shared-memory twin from the same sources (run `npm run build:wasm`)', async () => {
    const wasm = await compileKernels(ASC_SHARED_FLAGS);
    expect(WebAssembly.validate(new Uint8Array(wasm))).toBe(true);
    expect(readFileSync(WASM_SHARED_MODULE_FILE, 'utf8')).toBe(renderKernelsModule(wasm, ASC_SHARED_FLAGS, 'WASM_SHARED_KERNELS_BASE64'));
  }, 120_000);
});

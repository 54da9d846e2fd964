import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, renderKernelsModule, WASM_MODULE_FILE } from './wasm-kernels';

describe('the generated wasm kernels module', () => {
  it('is what assembly/ compiles to (run `npm run build:wasm`)', async () => {
    const wasm = await compileKernels();
    expect(WebAssembly.validate(new Uint8Array(wasm))).toBe(true);
    expect(readFileSync(WASM_MODULE_FILE, 'utf8')).toBe(renderKernelsModule(wasm));
  }, 120_000);
});

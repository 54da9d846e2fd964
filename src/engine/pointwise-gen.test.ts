import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCpu, renderWgsl } from './pointwise-gen';

describe('generated pointwise kernels', () => {
  it('are up to date with the table (run `npm run gen`)', () => {
    expect(readFileSync('src/engine/cpu/pointwise.gen.ts', 'utf8')).toBe(renderCpu());
    expect(readFileSync('src/engine/webgpu/pointwise.gen.ts', 'utf8')).toBe(renderWgsl());
  });
});

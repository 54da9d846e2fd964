import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOptimGen } from './optim-gen';

describe('generated optimizer kernel parts', () => {
  it('are up to date with the optimizer table (run `npm run gen`)', () => {
    expect(readFileSync('src/engine/webgpu/optim.gen.ts', 'utf8')).toBe(renderOptimGen());
  });
});

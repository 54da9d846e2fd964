// Generates the pointwise kernels of both backends from src/engine/pointwise-table.ts.
// Run with `npm run gen`; a unit test fails when the generated files are stale.
import { writeFileSync } from 'node:fs';
import { renderCpu, renderWgsl } from '../src/engine/pointwise-gen';

writeFileSync('src/engine/cpu/pointwise.gen.ts', renderCpu());
writeFileSync('src/engine/webgpu/pointwise.gen.ts', renderWgsl());
console.log('wrote src/engine/cpu/pointwise.gen.ts and src/engine/webgpu/pointwise.gen.ts');

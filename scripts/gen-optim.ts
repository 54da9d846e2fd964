// Generates the optimizer kernel's WGSL (Hyper struct, rule numbers, the switch) from
// src/engine/optim-table.ts. Run with `npm run gen`; a unit test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { renderOptimGen } from '../src/engine/optim-gen';

writeFileSync('src/engine/webgpu/optim.gen.ts', renderOptimGen());
console.log('wrote src/engine/webgpu/optim.gen.ts');

#!/usr/bin/env node
// `npm run test:mutants`: applies deliberate breaks, one at a time, to a temporary copy of
// the working tree and runs the test that must catch it. Every mutant must be caught (its
// test fails); a surviving mutant means a test stopped biting. Not part of `npm test`
// (it rebuilds and reruns GPU and browser tests per mutant: several minutes).
//
//   npm run test:mutants                 all mutants
//   npm run test:mutants -- limits nan   only those whose name contains a word
// Each test command first runs once on an unbroken copy (a control): it must pass there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Each mutant: a file, an exact piece of its text and what replaces it, and the test
 * command (run in the copy) that must fail. `-t` narrows a file to the tests meant to bite.
 */
const MUTANTS = [
  {
    name: 'wasm: the GEMM micro-kernel drops the last k of every K block',
    file: 'assembly/gemm.ts',
    find: '  for (let k = 0; k < kc; k++) {\n    const b0',
    replace: '  for (let k = 0; k < kc - 1; k++) {\n    const b0',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/matmul.test.ts'],
  },
  {
    name: 'wasm: col2im drops the last channel of every tap',
    file: 'assembly/im2col.ts',
    find: '} else if (inside) addRun(pixel, tap, C);',
    replace: '} else if (inside) addRun(pixel, tap, C - 1);',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/conv.test.ts'],
  },
  {
    name: 'wasm: AdamW loses its decoupled weight decay',
    file: 'assembly/optim.ts',
    find: 'const wd = adamw ? f64x2.mul(w, decoupled) : w;',
    replace: 'const wd = w;',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/optim.test.ts'],
  },
  {
    name: 'wasm: the optimizer update skips an odd last element',
    file: 'assembly/optim.ts',
    find: 'const end = p + <usize>n * 4;',
    replace: 'const end = p + <usize>(n & ~1) * 4;',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/optim.test.ts'],
  },
  {
    name: 'wasm: max pooling lets the last maximum of a window win ties (SIMD channels)',
    file: 'assembly/pool.ts',
    find: 'const win = f32x4.gt(v, bv);',
    replace: 'const win = f32x4.ge(v, bv);',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/pool.test.ts'],
  },
  {
    name: 'wasm: the average pooling gradient overwrites dx instead of adding to it',
    file: 'assembly/pool.ts',
    find: 'store<f32>(at, <f32>(<f64>load<f32>(at) + share));',
    replace: 'store<f32>(at, <f32>share);',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/pool.test.ts'],
  },
  {
    name: 'wasm: relu maps NaN to 0 (a select instead of max)',
    file: 'assembly/activation.ts',
    find: 'else put2(y, f64x2.max(v, zero));',
    replace: 'else put2(y, v128.bitselect(v, zero, f64x2.gt(v, zero)));',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/activation.test.ts'],
  },
  {
    name: 'wasm: the relu gradient passes dy through at x = 0',
    file: 'assembly/activation.ts',
    find: 'v128.bitselect(one, slope, f64x2.gt(get2(x), zero))',
    replace: 'v128.bitselect(one, slope, f64x2.ge(get2(x), zero))',
    test: ['bash', '-c', 'npm run build:wasm && npx vitest run --project unit src/engine/wasm/activation.test.ts'],
  },
  {
    name: 'wasm: a kernel changes but kernels.gen.ts is not rebuilt',
    file: 'assembly/gemm.ts',
    find: '  for (let k = 0; k < kc; k++) {\n    const b0',
    replace: '  for (let k = 0; k < kc - 1; k++) {\n    const b0',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'scripts/wasm-kernels.test.ts'],
  },
  {
    name: 'wasm threads: a worker reads its op(a) rows one float off',
    file: 'src/engine/wasm/gemm-thread.ts',
    find: 'ctl[6] + row0 * K * 4,',
    replace: 'ctl[6] + row0 * K * 4 + 4,',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/engine/wasm/threads.test.ts'],
  },
  {
    name: 'wasm threads: the row ranges overlap (a block computed twice, accumulating)',
    file: 'src/engine/wasm/threads.ts',
    find: 'const range = (t: number) => [Math.floor((t * blocks) / parts) * MC,',
    replace: 'const range = (t: number) => [Math.max(0, Math.floor((t * blocks) / parts) - 1) * MC,',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/engine/wasm/threads.test.ts'],
  },
  {
    name: 'nan: the non-finite layer is searched last-to-first',
    file: 'src/train/locate-non-finite.ts',
    find: 'for (let l = 0; l < layers.length; l++) {',
    replace: 'for (let l = layers.length - 1; l >= 0; l--) {',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/train/trainer.test.ts'],
  },
  {
    name: 'nan: the CPU step guard names the step after the one that went non-finite',
    file: 'src/engine/cpu/guard.ts',
    find: 'w[GUARD_WORDS.step] = dynamicValue(stream) + 1;',
    replace: 'w[GUARD_WORDS.step] = dynamicValue(stream) + 2;',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/train/trainer.test.ts'],
  },
  {
    name: 'nan: the GPU step guard lets the update of a non-finite step through',
    file: 'shaders/step-guard.wgsl',
    find: 'scale[0] = 0.0;',
    replace: 'scale[0] = 1.0;',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/train/trainer.gpu.test.ts'],
  },
  {
    name: 'limits: the whole-model size check is removed',
    file: 'src/experiment/limits.ts',
    find: 'if (issues.length === 0 && over(allBytes)) {',
    replace: 'if (false) {',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/experiment/limits.test.ts'],
  },
  {
    name: 'limits: the page no longer passes the adapter\'s limits to the validator',
    file: 'src/app/adapter.ts',
    find: '    validateContext.limits = {',
    replace: '    const _unused = {',
    build: true,
    test: ['npx', 'playwright', 'test', 'e2e/limits.spec.ts'],
  },
  {
    name: 'limits: the device is opened with the default limits, not the adapter\'s',
    file: 'src/engine/webgpu/device.ts',
    find: 'requestDevice({ requiredFeatures, requiredLimits })',
    replace: 'requestDevice({ requiredFeatures })',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/engine/webgpu/runtime.gpu.test.ts', '-t', 'limit'],
  },
  {
    name: 'replay: a replayed plan drops its copies and clears (engine test)',
    file: 'src/engine/webgpu/runtime.ts',
    find: 'this.rt.submitPlan(this.commands);',
    replace: "this.rt.submitPlan(this.commands.filter((c) => c.kind === 'dispatch'));",
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/engine/webgpu/runtime.gpu.test.ts', '-t', 'replayed plan'],
  },
  {
    name: 'replay: a replayed plan drops its copies and clears (trainer test)',
    file: 'src/engine/webgpu/runtime.ts',
    find: 'this.rt.submitPlan(this.commands);',
    replace: "this.rt.submitPlan(this.commands.filter((c) => c.kind === 'dispatch'));",
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/train/trainer.gpu.test.ts', '-t', 'replays the compiled step'],
  },
  {
    name: 'replay: a replay runs the step twice (trainer test)',
    file: 'src/engine/webgpu/runtime.ts',
    find: 'this.rt.submitPlan(this.commands);',
    replace: 'this.rt.submitPlan([...this.commands, ...this.commands]);',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/train/trainer.gpu.test.ts', '-t', 'replays the compiled step'],
  },
  {
    name: 'preview: the MNIST preview ignores augmentation',
    file: 'src/ui/data/ImagePreview.tsx',
    find: 'if (augmenting) augmentImage(src, dst, [h, w, 1], augment, seed, tick, k); else dst.set(src);',
    replace: 'dst.set(src);',
    build: true,
    test: ['npx', 'playwright', 'test', 'e2e/share.spec.ts', '-g', 'MNIST preview'],
  },
  {
    name: 'page: the accuracy summary shows the train accuracy as the test accuracy',
    file: 'src/ui/charts/AccuracyChart.tsx',
    find: 'test accuracy ${formatPercent(last.testAccuracy)}',
    replace: 'test accuracy ${formatPercent(last.trainAccuracy)}',
    build: true,
    test: ['npx', 'playwright', 'test', 'e2e/train.spec.ts', '-g', 'trains the spiral preset'],
  },
  {
    name: 'runner: evaluation counts one test sample too few',
    file: 'src/train/evaluation.ts',
    find: 'testAccuracy: v[offsets[1]] / test.n',
    replace: 'testAccuracy: (v[offsets[1]] - 1) / test.n',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/cli/e2e.test.ts'],
  },
  {
    name: 'params: a vec3 field is aligned like a vec2 (the compiler disagrees)',
    file: 'src/engine/webgpu/params-layout.ts',
    find: 'align: n === 2 ? 8 : 16',
    replace: 'align: 8',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/engine/webgpu/params-layout.gpu.test.ts'],
  },
  {
    name: 'params: an extra field is silently ignored',
    file: 'src/engine/webgpu/params-layout.ts',
    find: 'if (Object.keys(values).length !== layout.names.length) throw',
    replace: 'if (false) throw',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/engine/webgpu/params-layout.test.ts'],
  },
  {
    name: 'params: a negative u32 wraps around instead of throwing',
    file: 'src/engine/webgpu/params-layout.ts',
    find: "scalar === 'u32' && (v < 0 || v > 0xffffffff)",
    replace: "scalar === 'u32' && v > 0xffffffff",
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/engine/webgpu/params-layout.test.ts'],
  },
  {
    name: 'params: a kernel call site misspells a field (caught without a GPU)',
    file: 'src/engine/webgpu/batchnorm.ts',
    find: 'rt.params(fin, { channels: C, chunks: plan.chunks })',
    replace: 'rt.params(fin, { channels: C, chunk: plan.chunks })',
    test: ['npx', 'vitest', 'run', '--project', 'unit', 'src/engine/webgpu/params-coverage.test.ts'],
  },
  {
    name: 'gemm: the naive lab kernel skips the first term of every dot product',
    file: 'shaders/gemm-naive.wgsl',
    find: 'for (var k = 0u; k < params.K; k++) {',
    replace: 'for (var k = 1u; k < params.K; k++) {',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/engine/webgpu/gemm-lab.gpu.test.ts', '-t', 'naive'],
  },
  {
    name: 'gemm: the tiled lab kernel stages B with the tile row and column swapped',
    file: 'shaders/gemm-tiled-lab.wgsl',
    find: 'tileB[lid.y][lid.x] = b_at(t * TILE + lid.y, col);',
    replace: 'tileB[lid.y][lid.x] = b_at(t * TILE + lid.x, wid.x * TILE + lid.y);',
    test: ['npx', 'vitest', 'run', '--project', 'gpu', 'src/engine/webgpu/gemm-lab.gpu.test.ts', '-t', 'tiled'],
  },
];

function copyTree() {
  const dir = mkdtempSync(join(tmpdir(), 'mutant-'));
  // The working tree as it is (tracked and untracked-not-ignored files), not HEAD.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .toString().split('\0').filter((f) => f && f !== 'node_modules'); // a symlinked node_modules is no directory to .gitignore's `node_modules/`
  spawnSync('bash', ['-c', `tar -cf - --null -T - --ignore-failed-read | tar -xf - -C '${dir}'`], { cwd: root, input: files.join('\0') });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Builds the copy if asked, then runs the test; true when the test passed. */
function runIn(dir, m) {
  if (m.build && spawnSync('npx', ['vite', 'build'], { cwd: dir, encoding: 'utf8' }).status !== 0) return false;
  return spawnSync(m.test[0], m.test.slice(1), { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '' } }).status === 0;
}

const words = process.argv.slice(2);
const chosen = MUTANTS.filter((m) => words.length === 0 || words.some((w) => m.name.includes(w)));

// A control first: each test must pass on the unbroken copy, or "caught" would mean nothing.
const control = copyTree();
try {
  const seen = new Set();
  for (const m of chosen) {
    const key = JSON.stringify([m.build, m.test]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!runIn(control, m)) {
      console.log(`The unbroken tree fails ${m.test.join(' ')}: fix that first.`);
      process.exit(1);
    }
  }
} finally {
  rmSync(control, { recursive: true, force: true });
}

const results = [];
for (const m of chosen) {
  const dir = copyTree();
  try {
    const path = join(dir, m.file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(m.find).length - 1;
    if (count !== 1) {
      results.push({ name: m.name, result: `NOT APPLIED (the text occurs ${count} times in ${m.file}: update the mutant)` });
      continue;
    }
    writeFileSync(path, text.replace(m.find, m.replace));
    const started = Date.now();
    const passed = runIn(dir, m);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    results.push({ name: m.name, result: passed ? `SURVIVED (${m.test.join(' ')} passed)` : `caught (${seconds} s)` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${results.at(-1).result.startsWith('caught') ? 'caught  ' : 'FAILED  '} ${m.name}: ${results.at(-1).result}`);
}
const bad = results.filter((r) => !r.result.startsWith('caught'));
console.log(`\n${results.length - bad.length} of ${results.length} mutants caught.`);
process.exit(bad.length ? 1 : 0);

// npm run bench:gpu -- [--small] [--allow-dirty]
//
// The benchmark for a machine with a real GPU, in one command that ends within 10 minutes:
// the Node bench on Dawn (ours only), then, when that found a hardware adapter, the browser
// bench in headless Chromium on it (ours against tfjs-webgpu, same adapter, same page).
// Writes bench/results/<adapter>-<date>.json (the browser run's {meta, rows} where it ran,
// else the Node run's) and puts its table in docs/performance.md between the bench:gpu
// markers. On a software adapter (SwiftShader) it runs small sizes only (--small forces
// them anywhere): GEMM 4096³ and the big training rows run only on hardware.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './cases/types';
import { resultName, withTable } from './cases/report';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEADLINE_MS = 10 * 60_000;
/** Small sizes: what SwiftShader finishes in a couple of minutes. */
const SMALL = ['--sizes', '128', '--layouts', 'NN', '--no-mlp-gemm', '--batches', '16', '--no-big', '--reps', '1', '--min-train-iters', '2', '--check-steps', '3', '--min-ms', '10', '--no-profile'];
/** A real GPU: every default case plus the large GEMMs where tfjs is strongest. */
const HARDWARE = ['--full', '--sizes', '256,512,1024,2048,4096'];

function bench(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): BenchResult | null {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-gpu-')), 'result.json');
  const r = spawnSync('npx', ['vite-node', script, '--', ...args, '--json', out], { cwd: root, env, stdio: 'inherit', timeout: timeoutMs });
  if (r.error) console.error(`${script}: ${r.error.message}`);
  try {
    return JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
  } catch {
    return null;
  }
}

const isSoftware = (r: BenchResult) => (r.meta.adapterInfo as { isSoftware?: boolean } | undefined)?.isSoftware !== false;

function main(): void {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const pass = argv.filter((a) => a === '--allow-dirty');
  const started = Date.now();
  const left = () => DEADLINE_MS - (Date.now() - started);
  // A first, small Node run finds the adapter; the full one follows on hardware.
  let result = bench('bench/node-bench.ts', [...SMALL, ...pass], process.env, left());
  if (!result) throw new Error('The Node bench wrote no result (see its output above).');
  const hardware = !isSoftware(result) && !argv.includes('--small');
  if (hardware) {
    result = bench('bench/node-bench.ts', [...HARDWARE, ...pass], process.env, left() / 2) ?? result;
    const minutes = Math.max(1, Math.floor(left() / 60_000) - 1);
    const browser = bench('bench/run.ts', [...HARDWARE, ...pass, '--timeout', String(minutes)], { ...process.env, WEBGPU_ADAPTER: 'hardware' }, left());
    if (browser && !isSoftware(browser)) result = browser;
    else console.error('The browser bench did not start on the hardware adapter: the Node figures are kept.');
  }
  const file = resultName(result.meta.adapter, result.meta.date);
  writeFileSync(join(root, 'bench/results', file), JSON.stringify(result, null, 2) + '\n');
  const docPath = join(root, 'docs/performance.md');
  writeFileSync(docPath, withTable(readFileSync(docPath, 'utf8'), result, file));
  console.log(`\nwrote bench/results/${file} and its table in docs/performance.md (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main();

// npm run bench:node -- [--json FILE] [--allow-dirty] [same case flags as npm run bench]
//
// The same cases as the browser benchmark, on our engine only, in Node on Dawn (the
// `webgpu` package): for GPU servers without a browser. tfjs has no WebGPU backend in
// Node, so its columns are null. On a machine without a GPU Dawn runs on SwiftShader and
// the software defaults apply (see bench/cases/types.ts). WEBGPU_ADAPTER=swiftshader forces it.
//
// For a machine without node_modules, bench/bundle-node.ts makes one .mjs plus dawn.node.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openWebGpuBackend } from '../src/engine/webgpu/backend';
import { adapterLabel } from '../src/engine/webgpu/device';
import { formatProfiles, formatTable, runSuite } from './cases/suite';
import { dirtyRefusal, gitCommit } from './cases/git';
import { parseOptions, resolveOptions, type BenchResult } from './cases/types';

declare const __BENCH_COMMIT__: string | undefined;

const commit = () => (typeof __BENCH_COMMIT__ === 'string' ? __BENCH_COMMIT__ : gitCommit());

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const { given, json, rest } = parseOptions(argv);
  const refusal = dirtyRefusal(commit(), rest.has('--allow-dirty'));
  if (refusal) {
    console.error(refusal);
    process.exitCode = 2;
    return;
  }
  const backend = await openWebGpuBackend({ onError: (m) => console.error(`[webgpu error] ${m}`) });
  const info = backend.ctx.info;
  const options = resolveOptions(given, info.isSoftware);
  const adapter = adapterLabel(info) + (info.isSoftware ? ' [software]' : '');
  console.log(`adapter: ${adapter}`);
  const result = await runSuite({ ours: backend, tfjs: null, options, log: (l) => console.log(l) });
  const body: BenchResult = {
    meta: {
      adapter,
      adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isSoftware: info.isSoftware, features: info.features },
      tfjsAdapter: null,
      browser: `Node ${process.version}, Dawn (npm webgpu); no tfjs`,
      commit: commit(),
      date: new Date().toISOString(),
      repetitions: options.reps,
      mode: 'node',
      options,
      command: `npm run bench:node -- ${argv.join(' ')}`.trim(),
    },
    rows: result.rows,
  };
  console.log('\n' + formatTable(result.rows));
  const prof = formatProfiles(result.rows);
  if (prof) console.log('\nGPU time per training step (timestamp queries):\n' + prof);
  if (json) {
    const path = resolve(process.cwd(), json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(result.failures.length ? { ...body, failures: result.failures } : body, null, 2) + '\n');
    console.error(`wrote ${path}`);
  }
  await backend.sync();
  backend.dispose();
  backend.ctx.destroy();
  if (result.failures.length) {
    for (const f of result.failures) console.error(`FAILED: ${f}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

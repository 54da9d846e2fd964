// npm run bench -- [--json FILE] [--sizes 256,512] [--full] [--layouts NN,NT,TN] [--batches 64,1024]
//                  [--mlp-gemm 64,1024] [--no-mlp-gemm] [--shapes MxNxK,...] [--no-cnn] [--only NAME,...] [--reps N] [--min-ms MS] [--max-iters N]
//                  [--check-steps N] [--loss-tolerance X] [--min-train-iters N] [--no-profile] [--timeout MIN] [--headed]
//                  [--allow-dirty]  (refused on a tree with uncommitted changes without it)
//
// Builds the benchmark page (bench/page), serves it on 127.0.0.1, opens it in headless
// Chromium with WebGPU (CHROMIUM_PATH honoured; SwiftShader unless WEBGPU_ADAPTER=hardware),
// and runs our engine and tfjs-backend-webgpu side by side in that one page. Prints a
// table; with --json writes { meta, rows } (the Benchmark contract in DESIGN.md).
// Exit code 1 when a case failed or the two engines' losses disagree.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { chromium } from '@playwright/test';
import { findChromium, webgpuFlags } from '../e2e/chromium';
import { parseOptions, type BenchResult } from './cases/types';
import { formatProfiles, formatTable } from './cases/suite';
import { dirtyRefusal, gitCommit } from './cases/git';

const here = dirname(fileURLToPath(import.meta.url));
const configFile = join(here, 'vite.bench.config.ts');

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const { given, json, rest } = parseOptions(argv);
  const timeoutMin = Number(rest.get('--timeout') ?? 60);
  const headed = rest.has('--headed');
  const commit = gitCommit(here);
  const refusal = dirtyRefusal(commit, rest.has('--allow-dirty'));
  if (refusal) {
    console.error(refusal);
    process.exitCode = 2;
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'wgpu-bench-page-'));
  let server: Awaited<ReturnType<typeof preview>> | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    console.error('building the benchmark page ...');
    await build({ configFile, logLevel: 'warn', build: { outDir: out } });
    server = await preview({ configFile, logLevel: 'warn', build: { outDir: out }, preview: { host: '127.0.0.1', port: 4290, strictPort: false } });
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('The preview server reported no URL.');
    const executablePath = findChromium();
    browser = await chromium.launch({
      executablePath,
      headless: !headed,
      // Developer features: unquantized timestamp queries for the per-kernel profile.
      args: [...webgpuFlags(), '--enable-webgpu-developer-features'],
    });
    const page = await browser.newPage();
    const done = new Promise<BenchResult & { failures: string[] }>((res, rej) => {
      void page.exposeFunction('benchLog', (line: string) => console.log(line));
      void page.exposeFunction('benchDone', res);
      void page.exposeFunction('benchFail', (m: string) => rej(new Error(m)));
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      page.on('crash', () => rej(new Error('The page crashed.')));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') console.error(`[page ${m.type()}] ${m.text()}`);
      });
    });
    const url = `${base}?opts=${encodeURIComponent(JSON.stringify(given))}&commit=${encodeURIComponent(commit)}`;
    console.error(`browser: ${executablePath} (${browser.version()}); page: ${base}`);
    await page.goto(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`The benchmark did not finish within ${timeoutMin} minutes (--timeout MIN).`)), timeoutMin * 60_000);
    });
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    result.meta.browser = `Chromium ${browser.version()} (${result.meta.browser})`;
    result.meta.command = `npm run bench -- ${argv.join(' ')}`.trim();
    console.log('\n' + formatTable(result.rows));
    const prof = formatProfiles(result.rows);
    if (prof) console.log('\nGPU time per training step (timestamp queries):\n' + prof);
    if (json) {
      const path = resolve(process.cwd(), json);
      mkdirSync(dirname(path), { recursive: true });
      const { failures, ...body } = result;
      writeFileSync(path, JSON.stringify(failures.length ? { ...body, failures } : body, null, 2) + '\n');
      console.error(`wrote ${path}`);
    }
    if (result.failures.length) {
      for (const f of result.failures) console.error(`FAILED: ${f}`);
      process.exitCode = 1;
    }
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

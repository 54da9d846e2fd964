// Bundles the Node benchmark into one ES module plus the Dawn binary, for a GPU server
// that has Node 20+ but no node_modules:
//
//   npx vite-node bench/bundle-node.ts [-- --out DIR] [--platform linux-x64]   (default DIR: dist/bench-node)
//   scp -r DIR server:bench && ssh server 'cd bench && node node-bench.mjs --json out.json'
//
// DIR/node-bench.mjs holds our engine, the WGSL and the cases; DIR/node_modules/webgpu holds
// Dawn's loader and dawn.node for one platform (default: this machine's), about 21 MB.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { gitCommit } from './cases/git';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = resolve(process.cwd(), value('--out') ?? join(repo, 'dist', 'bench-node'));
  const platform = value('--platform') ?? `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
  rmSync(out, { recursive: true, force: true });
  await build({
    configFile: false,
    root: repo,
    publicDir: false,
    logLevel: 'warn',
    define: { __BENCH_COMMIT__: JSON.stringify(gitCommit(repo)) },
    // Everything but Dawn goes into the one file.
    ssr: { noExternal: true, external: ['webgpu'] },
    build: {
      ssr: join(here, 'node-bench.ts'),
      outDir: out,
      target: 'node20',
      minify: false,
      emptyOutDir: true,
      reportCompressedSize: false,
      rollupOptions: { external: ['webgpu'], output: { format: 'es', entryFileNames: 'node-bench.mjs', codeSplitting: false } },
    },
  });
  const src = join(repo, 'node_modules', 'webgpu');
  const dawn = join(src, 'dist', platform, 'dawn.node');
  if (!existsSync(dawn)) throw new Error(`No Dawn binary for ${platform} at ${dawn}.`);
  const dst = join(out, 'node_modules', 'webgpu');
  mkdirSync(join(dst, 'dist', platform), { recursive: true });
  copyFileSync(join(src, 'index.js'), join(dst, 'index.js'));
  copyFileSync(join(src, 'package.json'), join(dst, 'package.json'));
  copyFileSync(dawn, join(dst, 'dist', platform, 'dawn.node'));
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
  console.log(`wrote ${join(out, 'node-bench.mjs')} and Dawn for ${platform}; run: node ${join(out, 'node-bench.mjs')} [--json FILE]`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

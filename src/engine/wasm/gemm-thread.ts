// The body of one GEMM worker thread (src/engine/wasm/threads.ts). No imports and no
// closures: in Node it runs from its source text (worker_threads, eval), in the browser from
// gemm-thread.worker.ts. The worker instantiates the shared-memory kernels module over the
// caller's memory and loops: wait for a new job number, run gemm on its row block, count
// itself done. The control block's layout is threads.ts's (CTL_*).

/* eslint-disable @typescript-eslint/no-explicit-any */
export function gemmThreadMain(module: WebAssembly.Module, memory: WebAssembly.Memory, ctl: Int32Array, id: number): void {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports as any;
  // CTL: 0 job number, 1 done count, 2 quit, 3..11 the job, 16 + 4·id: row0, rows, scratch, ready.
  const slot = 16 + 4 * id;
  Atomics.store(ctl, slot + 3, 1);
  let seen = Atomics.load(ctl, 0);
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    if (Atomics.load(ctl, 2)) return;
    seen = Atomics.load(ctl, 0);
    const rows = ctl[slot + 1];
    if (rows > 0) {
      const row0 = ctl[slot];
      const N = ctl[4], K = ctl[5];
      k.gemm(rows, N, K, ctl[6] + row0 * K * 4, 0, ctl[7], ctl[8], ctl[9] + row0 * N * 4, ctl[10], ctl[11], ctl[slot + 2]);
    }
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
}

// A GEMM worker thread in the browser (threads.ts starts it; one message, then it never
// returns to its event loop: gemmThreadMain blocks in Atomics.wait between jobs).
import { gemmThreadMain } from './gemm-thread';

self.onmessage = (e: MessageEvent<{ module: WebAssembly.Module; memory: WebAssembly.Memory; ctl: Int32Array; id: number }>) => {
  const { module, memory, ctl, id } = e.data;
  gemmThreadMain(module, memory, ctl, id);
};

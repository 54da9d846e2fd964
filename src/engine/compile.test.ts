// Backend.compile on the CPU: no tracing, the body runs eagerly on every call and a read
// sees that call's result.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpu/backend';

describe('Backend.compile on the CPU', () => {
  it('runs the body on every call and reads after it', async () => {
    const b = createCpuBackend('f32');
    const acc = b.zeros([2]);
    const one = b.fill([2], 1);
    let calls = 0;
    const step = b.compile(() => {
      calls++;
      b.addInPlace(acc, one);
    });
    expect(step()).toBeNull();
    expect(Array.from(await step(acc)!)).toEqual([2, 2]);
    expect(calls).toBe(2);
    expect(await step.kernelTimes()).toBeNull();
    expect(await b.profile(() => step())).toBeNull();
    expect(b.readSync(acc)).toEqual(new Float32Array([3, 3]));
    step.dispose();
    expect(() => step()).toThrow(/disposed/);
  });
});

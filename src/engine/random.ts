// Seeded randomness shared by every layer of the playground.
//
// Two kinds:
// - `Rng`: a sequential generator (sfc32) for weight init, shuffles and synthetic data.
// - `hashUniform(seed, stream, index)`: a counter-based generator (no state) used where
//   the GPU and the CPU must draw the *same* numbers in parallel, e.g. dropout masks and
//   augmentation. Its WGSL twin lives in shaders/random.wgsl; both use only 32-bit integer
//   multiply, xor and shifts so they agree bit for bit.

/** PCG-style 32-bit integer hash (O'Neill's RXS-M-XS output on one LCG step). */
export function hash32(x: number): number {
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** A u32 from (seed, stream, index): independent streams of independent draws. */
export function hashU32(seed: number, stream: number, index: number): number {
  return hash32((hash32((hash32(seed >>> 0) ^ (stream >>> 0)) >>> 0) ^ (index >>> 0)) >>> 0);
}

/** Uniform in [0, 1) with 24 bits of precision, identical to the WGSL `hashUniform`. */
export function hashUniform(seed: number, stream: number, index: number): number {
  return (hashU32(seed, stream, index) >>> 8) / 16777216;
}

/** Small fast seeded generator (sfc32), seeded through splitmix-like hashing. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.a = hash32(seed ^ 0x9e3779b9);
    this.b = hash32(this.a ^ 0x85ebca6b);
    this.c = hash32(this.b ^ 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A new independent generator derived from this seed and a label (e.g. a layer index). */
  static derive(seed: number, stream: number): Rng {
    return new Rng(hashU32(seed, 0x5eed, stream));
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle of 0..n-1 into a Uint32Array. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

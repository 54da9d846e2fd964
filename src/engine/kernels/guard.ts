import type { Tensor } from '../tensor';
import type { DynamicU32 } from '../backend';

/**
 * The guard's two u32 words (kept inside an f32 buffer, e.g. the trainer's metrics, so one
 * read carries them): `flagged` (0 or 1) and `step`, the 1-based optimizer step at which a
 * non-finite value was first seen. Sticky: once flagged they change only when zeroed.
 */
export const GUARD_WORDS = { flagged: 0, step: 1, count: 2 } as const;

export interface GuardFlag {
  flagged: boolean;
  /** The 1-based optimizer step first flagged (0 when not flagged). */
  step: number;
}

/** The guard words at element `offset` of a read-back f32 buffer (their bits are u32). */
export function readGuardFlag(values: Float32Array | Float64Array | Uint32Array, offset: number): GuardFlag {
  if (values instanceof Float64Array) throw new Error('readGuardFlag: the guard words live in f32 buffers.');
  const words = new Uint32Array(values.buffer, values.byteOffset + offset * 4, GUARD_WORDS.count);
  return { flagged: words[GUARD_WORDS.flagged] !== 0, step: words[GUARD_WORDS.flagged] !== 0 ? words[GUARD_WORDS.step] : 0 };
}

export interface GuardOptions {
  /** The clipping factor [1] the optimizer would read; overwritten with 0 once flagged. */
  scale?: Tensor;
  /**
   * State the step changed before the guard (normalisation running statistics, updated by
   * the forward pass) and its copy from the start of the step: once flagged, `live` is put
   * back from `backup`, so a flagged step leaves the whole training state as it was.
   */
  restore?: { live: Tensor; backup: Tensor };
  /**
   * The first steps' losses: the guard writes the step's loss to record[stream] while
   * `stream` < record.size, so a run's first losses (read once, later) cost no readback.
   */
  record?: Tensor;
}

export interface GuardKernels {
  /**
   * The non-finite guard of a training step: one small dispatch after backward and before
   * the optimizer, no readback. When `loss` [1] or `sumSq` [1] (Σg² of the step's gradients)
   * is NaN or ±Inf (tested on the exponent bits: compilers may fold `x != x` away) and
   * `words` (GUARD_WORDS, an f32 view of 2 elements holding u32 bits) is not flagged yet, it
   * flags them with step = the value of `stream` + 1 (the 1-based optimizer step when
   * `stream` is the 0-based one). Returns the gradient scale for optimizerStep: exactly 0
   * once flagged (the update then changes nothing: no step, no state, no decay), otherwise
   * `options.scale` itself or a new [1] tensor holding 1.
   */
  guardStep(loss: Tensor, sumSq: Tensor, words: Tensor, stream: DynamicU32, options?: GuardOptions): Tensor;
}

/** The argument checks both backends make. */
export function checkGuardArgs(loss: Tensor, sumSq: Tensor, words: Tensor, options: GuardOptions): void {
  if (loss.size !== 1 || sumSq.size !== 1) throw new Error(`guardStep: loss and sumSq hold one value each (got ${loss.size} and ${sumSq.size}).`);
  if (words.size !== GUARD_WORDS.count) throw new Error(`guardStep: the flag is ${GUARD_WORDS.count} words (got ${words.size}).`);
  if (options.scale && options.scale.size !== 1) throw new Error(`guardStep: the gradient scale holds one value (got ${options.scale.size}).`);
  const r = options.restore;
  if (r && r.live.size !== r.backup.size) throw new Error(`guardStep: restore from ${r.backup.size} values into ${r.live.size}.`);
}

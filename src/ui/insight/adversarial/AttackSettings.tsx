import { useState } from 'react';
import type { AttackMethod, AttackRequest } from '../../../worker/attack-protocol';

/** ε ranges of the slider: pixels scaled to [0, 1] for images, normalised features otherwise. */
export const EPSILON_RANGE = { image: { max: 0.3, step: 0.01, start: 0.1 }, features: { max: 1, step: 0.05, start: 0.3 } } as const;

export function useAttackSettings(kind: keyof typeof EPSILON_RANGE) {
  const [method, setMethod] = useState<AttackMethod>('fgsm');
  const [epsilon, setEpsilon] = useState<number>(EPSILON_RANGE[kind].start);
  const request: AttackRequest = { method, epsilon };
  return { kind, method, setMethod, epsilon, setEpsilon, request };
}

/** The attack's method and, unless `withEpsilon` is false, its ε slider. */
export function AttackSettings({ kind, method, setMethod, epsilon, setEpsilon, withEpsilon = true }: ReturnType<typeof useAttackSettings> & { withEpsilon?: boolean }) {
  const range = EPSILON_RANGE[kind];
  return (
    <>
      <label>Attack <select value={method} onChange={(e) => setMethod(e.target.value as AttackMethod)}>
        <option value="fgsm">FGSM</option>
        <option value="pgd">PGD (10 steps)</option>
      </select></label>
      {withEpsilon && (
        <label>ε <input type="range" aria-label="Epsilon" min={0} max={range.max} step={range.step} value={epsilon} onChange={(e) => setEpsilon(Number(e.target.value))} /> <output>{epsilon.toFixed(2)}</output></label>
      )}
    </>
  );
}

import { useState } from 'react';
import type { AttackMethod, AttackRequest } from '../../../worker/attack-protocol';

import { EPSILON_RANGE } from './epsilon';

export { EPSILON_RANGE };

export function useAttackSettings(kind: keyof typeof EPSILON_RANGE) {
  const [method, setMethod] = useState<AttackMethod>('fgsm');
  const [epsilon, setEpsilon] = useState<number>(EPSILON_RANGE[kind].start);
  const request: AttackRequest = { method, epsilon };
  return { kind, method, setMethod, epsilon, setEpsilon, request };
}

/** What the controls show and change: a component's own state (useAttackSettings) or the store's. */
export interface AttackSettingsProps {
  kind: keyof typeof EPSILON_RANGE;
  method: AttackMethod;
  setMethod(method: AttackMethod): void;
  epsilon: number;
  setEpsilon(epsilon: number): void;
  /** Without the ε slider (the robustness curve sweeps ε itself). */
  withEpsilon?: boolean;
}

/** The attack's method and, unless `withEpsilon` is false, its ε slider. */
export function AttackSettings({ kind, method, setMethod, epsilon, setEpsilon, withEpsilon = true }: AttackSettingsProps) {
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

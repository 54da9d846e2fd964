// The "Adversarial example" region's one-line summary. Pure: the view and the unit tests
// share it.
import type { AttackExample } from '../../../worker/attack-protocol';

export const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

/** What the drawing pad holds, in words: "digit" on MNIST, "garment" on Fashion-MNIST. */
export const drawnNoun = (dataset: string) => (dataset === 'mnist' ? 'digit' : 'garment');

/**
 * "Test image 3 (a 5): 5 at 99.0% before, 3 at 71.2% after FGSM at ε = 0.1: the prediction
 * changed." A drawn image has no true label, so its line names the clean prediction the
 * attack pushes away from: "The drawn digit (predicted 7 at 98.1%), after FGSM at ε = 0.1:
 * 3 at 61.0%: the prediction changed."
 */
export function exampleSummary(r: AttackExample, noun = 'digit'): string {
  const name = (c: number) => r.classNames[c] ?? String(c);
  const attack = `${r.method.toUpperCase()} at ε = ${r.epsilon}`;
  const verdict = r.attacked.predicted !== r.clean.predicted ? ': the prediction changed.' : ': the prediction held.';
  if (r.source === 'drawn' || r.label === null) {
    return `The drawn ${noun} (predicted ${name(r.clean.predicted)} at ${pct(r.clean.confidence)}), after ${attack}: ${name(r.attacked.predicted)} at ${pct(r.attacked.confidence)}${verdict}`;
  }
  return `Test image ${r.index} (a ${name(r.label)}): ${name(r.clean.predicted)} at ${pct(r.clean.confidence)} before, ${name(r.attacked.predicted)} at ${pct(r.attacked.confidence)} after ${attack}${verdict}`;
}

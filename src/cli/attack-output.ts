// What `npm run train -- <experiment> --attack fgsm|pgd --epsilon ε[,ε…]` prints after
// training: with --json one line per ε, {"attack", "epsilon", "cleanAccuracy",
// "robustAccuracy"}, before the final line; otherwise a table.
import type { RobustAccuracy } from '../train/robustness';
import { formatPercent } from './format';

export function attackJsonLine(r: RobustAccuracy): string {
  return JSON.stringify({ attack: r.attack, epsilon: r.epsilon, cleanAccuracy: r.cleanAccuracy, robustAccuracy: r.robustAccuracy });
}

export function attackTable(rows: RobustAccuracy[], detail: string): string {
  const head = `Test accuracy under ${rows[0]?.attack.toUpperCase() ?? ''} attack${detail}:\n     epsilon      clean     robust\n`;
  return head + rows.map((r) => `${String(r.epsilon).padStart(12)} ${formatPercent(r.cleanAccuracy).padStart(10)} ${formatPercent(r.robustAccuracy).padStart(10)}\n`).join('');
}

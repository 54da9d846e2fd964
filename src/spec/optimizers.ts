// What the spec and the UI know of each optimizer: its name, the settings it takes with
// their defaults, ranges and labels. All of it is the optimizer's row in the optimizer
// table (src/engine/optim-table.ts, pure data), where its update rules live too.
import { OPTIMIZER_FIELDS, OPTIMIZER_TABLE, type OptimizerField, type OptimizerFieldName } from '../engine/optim-table';
import { OPTIMIZERS, type OptimizerName } from './enums';

export { OPTIMIZER_FIELDS, type OptimizerField, type OptimizerFieldName };

const byOptimizer = <T>(f: (name: OptimizerName) => T) => Object.fromEntries(OPTIMIZERS.map((o) => [o, f(o)])) as Record<OptimizerName, T>;

/** Settings each optimizer uses, filled in when the spec leaves them out (PyTorch's defaults). */
export const OPTIMIZER_DEFAULTS = byOptimizer((o) => OPTIMIZER_TABLE[o].defaults);

/** The name people see for each optimizer. */
export const OPTIMIZER_LABELS = byOptimizer((o) => OPTIMIZER_TABLE[o].label);

export interface OptimizerSetting {
  field: OptimizerFieldName;
  label: string;
  min: number;
  max?: number;
  step: number;
}

/** The settings fields of one optimizer, in the order the UI shows them (lr, l1 and l2 aside). */
export function optimizerSettings(type: OptimizerName): OptimizerSetting[] {
  const row = OPTIMIZER_TABLE[type];
  return (Object.keys(OPTIMIZER_FIELDS) as OptimizerFieldName[])
    .filter((field) => field in row.defaults)
    .map((field) => ({ field, ...OPTIMIZER_FIELDS[field].ui, label: row.labels?.[field] ?? OPTIMIZER_FIELDS[field].ui.label }));
}

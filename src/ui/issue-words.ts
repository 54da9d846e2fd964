import { LAYER_TYPES } from '../spec';
import type { LayerType } from '../spec';
import { fieldsOf } from '../nn/layers/fields';
import { layerDef } from '../nn/layers/registry';
import { FIELD_WORDS } from './field-words';
import type { FieldPath } from './field-words';

// Validation messages as the page shows them: layers by number and name ("Layer 2 (Dense)"),
// fields by the label of their control ("units", "batch size"), long numbers with thousands
// separators. The validator and the runner keep their machine-readable paths
// (`model.layers[1].units`); this is the one place that turns them into words.

const isLayerType = (t: string): t is LayerType => (LAYER_TYPES as readonly string[]).includes(t);

/** The label of a layer type's field, or null when the type has no such field. */
function layerFieldLabel(type: LayerType, key: string): string | null {
  return fieldsOf(layerDef(type)).find((f) => f.key === key)?.label ?? null;
}

/** "Batch size" mid-sentence reads "batch size"; "L1 penalty" keeps its capital. */
function inSentence(label: string, atStart: boolean): string {
  return atStart || /^.[A-Z0-9]/.test(label) ? label : label[0].toLowerCase() + label.slice(1);
}

const layerName = (index: number, type: LayerType | null) => `Layer ${index + 1}${type ? ` (${layerDef(type).palette.name})` : ''}`;

interface Root { model?: { layers?: readonly { type?: unknown }[] } }

/** Words for a spec path such as `model.layers[1].units` or `optimizer.lr`; null when it has none. */
export function pathWords(path: string, root?: Root, atStart = true): string | null {
  const layer = /^model\.layers\[(\d+)\](?:\.([A-Za-z_$][\w$]*))?/.exec(path);
  if (layer) {
    const index = Number(layer[1]);
    const raw = root?.model?.layers?.[index]?.type;
    const type = typeof raw === 'string' && isLayerType(raw) ? raw : null;
    if (!layer[2]) return layerName(index, type);
    const label = type ? layerFieldLabel(type, layer[2]) : null;
    return `${layerName(index, type)}: ${label ? inSentence(label, false) : layer[2]}`;
  }
  const key = path.replace(/\[\d+\]/g, '');
  const words = (FIELD_WORDS as Record<string, { label: string }>)[key];
  return words ? inSentence(words.label, atStart) : null;
}

const MACHINE_PATH = /\b(?:data|model|optimizer|schedule|training)(?:\.[A-Za-z_$][\w$]*|\[\d+\])+/g;
const LAYER_IN_TEXT = /Layer (\d+) \(([A-Za-z0-9]+)\)(?:: ([A-Za-z_$][\w$]*))?/g;
const LONG_NUMBER = /(?<![\d.,\w])\d{5,}(?![\d.\w])/g;

/** A validator's sentence in the page's words (see the top of this file). */
export function humanMessage(message: string, root?: Root): string {
  const atStart = (text: string, offset: number) => offset === 0 || /[.;:]\s*$/.test(text.slice(0, offset));
  return message
    .replace(LAYER_IN_TEXT, (whole, n: string, type: string, field: string | undefined) => {
      if (!isLayerType(type)) return whole;
      const label = field ? layerFieldLabel(type, field) : null;
      const name = layerName(Number(n) - 1, type);
      if (!field) return name;
      return label ? `${name}: ${inSentence(label, false)}` : `${name}: ${field}`;
    })
    .replace(MACHINE_PATH, (path, offset: number, text: string) => pathWords(path, root, atStart(text, offset)) ?? path)
    .replace(LONG_NUMBER, (digits) => Number(digits).toLocaleString('en-US'));
}

export type { FieldPath };

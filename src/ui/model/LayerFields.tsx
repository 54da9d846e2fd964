import { useEffect, useId, useState } from 'react';
import { ACTIVATION_ALPHA_DEFAULTS } from '../../spec';
import type { Activation, LayerSpec, WindowSize } from '../../spec';
import { fieldsOf } from '../../nn/layers/fields';
import { layerDef } from '../../nn/layers/registry';
import type { FieldDesc } from '../../nn/layers/types';
import { FieldHelp, NumberField, SelectField } from '../fields';

// The settings of one layer, drawn from its type's field descriptions in the layer registry
// (src/nn/layers): every field of the v1 layer format has one.

type AnyLayer = LayerSpec & Record<string, unknown>;
type Props = {
  layer: LayerSpec;
  n: number;
  onChange(layer: LayerSpec): void;
  /** Validation messages of this layer's number fields, by field key: shown at the field. */
  fieldErrors?: Readonly<Record<string, string>>;
};

const shownFields = (l: AnyLayer) => fieldsOf(layerDef(l.type)).filter((f) => !('visible' in f && f.visible && !f.visible(l)));

/** The keys of the number fields this layer shows: their problems are said at the field. */
export function numberFieldKeys(layer: LayerSpec): string[] {
  return shownFields(layer as AnyLayer).filter((f) => f.kind === 'integer' || f.kind === 'number').map((f) => f.key);
}

const UNSET = '' as const;

export function LayerFields({ layer, n, onChange, fieldErrors = {} }: Props) {
  const l = layer as AnyLayer;
  const set = (field: string, value: unknown) => {
    const next = { ...l, [field]: value } as AnyLayer;
    if (value === undefined) delete next[field];
    if (field === 'activation') {
      const alpha = ACTIVATION_ALPHA_DEFAULTS[value as Activation];
      if (alpha === undefined) delete next.alpha; else next.alpha = alpha;
    }
    onChange(next as LayerSpec);
  };
  const fields = shownFields(l);
  return (
    <div className="layer-fields" aria-label={`Settings of layer ${n}`} role="group">
      {fields.map((f) => <Field key={f.key} field={f} value={l[f.key]} error={fieldErrors[f.key]} onChange={(v) => set(f.key, v)} />)}
    </div>
  );
}

function Field({ field: f, value, error, onChange }: { field: FieldDesc; value: unknown; error?: string; onChange(v: unknown): void }) {
  switch (f.kind) {
    case 'integer':
    case 'number':
      return <NumberField label={f.label} value={value as number | undefined} range={{ min: f.min, max: f.max, integer: f.kind === 'integer', below: f.below }} help={f.help} error={error} onChange={onChange} />;
    case 'window':
      return <WindowField label={f.label} value={value as WindowSize | undefined} unset={f.unset} help={f.help} onChange={onChange} />;
    case 'choice': {
      const options = [...(f.unset === undefined ? [] : [{ value: UNSET, label: f.unset }]), ...f.options.map((o) => ({ value: o, label: f.labels?.[o] ?? o }))];
      const shown = (value as string | undefined) ?? f.fallback ?? UNSET;
      return <SelectField<string> label={f.label} value={shown} options={options} help={f.help} onChange={(v) => onChange(v === UNSET ? undefined : v)} />;
    }
    case 'shape':
      return <ShapeField label={f.label} value={value as number[]} help={f.help} onChange={onChange} />;
  }
}

function showWindow(v: WindowSize | undefined): string {
  return v === undefined ? '' : typeof v === 'number' ? String(v) : `${v[0]}x${v[1]}`;
}

function parseWindow(text: string): WindowSize | null {
  const parts = text.split(/[x×,\s]+/).filter(Boolean).map(Number);
  if (parts.length === 1 && Number.isInteger(parts[0])) return parts[0];
  if (parts.length === 2 && parts.every(Number.isInteger)) return [parts[0], parts[1]];
  return null;
}

/** A kernel / stride / pool size: "3" or "3x5" (height x width); `unset` lets it be left empty. */
function WindowField({ label, value, onChange, unset, help }: { label: string; value: WindowSize | undefined; onChange(v: WindowSize | undefined): void; unset?: string; help: string }) {
  const id = useId();
  const [text, setText] = useState(showWindow(value));
  useEffect(() => setText((t) => (showWindow(parseWindow(t) ?? undefined) === showWindow(value) ? t : showWindow(value))), [value]);
  const bad = text.trim() !== '' && parseWindow(text) === null;
  return (
    <div className="field field-narrow">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={text} placeholder={unset ?? ''} aria-invalid={bad || undefined} aria-describedby={`${id}-help`}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '' && unset !== undefined) { onChange(undefined); return; }
          const v = parseWindow(e.target.value);
          if (v !== null) onChange(v);
        }} />
      <FieldHelp id={`${id}-help`} text={help} />
    </div>
  );
}

function ShapeField({ label, value, onChange, help }: { label: string; value: number[]; onChange(v: number[]): void; help: string }) {
  const id = useId();
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText((t) => (parseShape(t)?.join(',') === value.join(',') ? t : value.join(', '))), [value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={text} aria-invalid={parseShape(text) === null || undefined} aria-describedby={`${id}-help`}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseShape(e.target.value);
          if (v) onChange(v);
        }} />
      <FieldHelp id={`${id}-help`} text={help} />
    </div>
  );
}

function parseShape(text: string): number[] | null {
  const parts = text.split(/[x×,\s]+/).filter(Boolean).map(Number);
  return parts.length > 0 && parts.every(Number.isInteger) ? parts : null;
}

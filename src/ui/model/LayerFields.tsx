import { useEffect, useId, useState } from 'react';
import { ACTIVATIONS, ACTIVATION_ALPHA_DEFAULTS, ACTIVATION_LABELS, INITIALIZERS, PADDINGS } from '../../spec';
import type { Activation, Initializer, LayerSpec, Padding, WindowSize } from '../../spec';
import { NumberField, SelectField } from '../fields';

// The settings of one layer, by type. Every field of the v1 layer format is here.

type AnyLayer = LayerSpec & Record<string, unknown>;
type Props = { layer: LayerSpec; n: number; onChange(layer: LayerSpec): void };

const NONE = '' as const;

export function LayerFields({ layer, n, onChange }: Props) {
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
  const num = (field: string, label: string, integer = true, min = 1) => (
    <NumberField key={field} label={label} value={l[field] as number | undefined} integer={integer} min={min}
      onChange={(v) => set(field, v)} />
  );
  const windowField = (field: string, label: string, optional = false) => (
    <WindowField key={field} label={label} value={l[field] as WindowSize | undefined} optional={optional}
      onChange={(v) => set(field, v)} />
  );
  const padding = (
    <SelectField key="padding" label="Padding" value={(l.padding as Padding) ?? 'valid'} options={PADDINGS} onChange={(v) => set('padding', v)} />
  );
  const fields: React.ReactNode[] = [];
  switch (layer.type) {
    case 'dense': fields.push(num('units', 'Units')); break;
    case 'conv2d':
    case 'separableConv2d':
      fields.push(num('filters', 'Filters'), windowField('kernelSize', 'Kernel'), windowField('strides', 'Strides'), padding, windowField('dilation', 'Dilation'));
      break;
    case 'depthwiseConv2d':
      fields.push(windowField('kernelSize', 'Kernel'), windowField('strides', 'Strides'), padding, windowField('dilation', 'Dilation'), num('depthMultiplier', 'Depth multiplier'));
      break;
    case 'maxPool2d':
    case 'avgPool2d':
      fields.push(windowField('poolSize', 'Pool size'), windowField('strides', 'Strides', true), padding);
      break;
    case 'reshape':
      fields.push(<ShapeField key="shape" value={layer.shape} onChange={(v) => set('shape', v)} />);
      break;
    case 'dropout': fields.push(num('rate', 'Rate', false, 0)); break;
    default: break;
  }
  const isActivationLayer = layer.type === 'activation';
  const activation = l.activation as Activation | undefined;
  const hasWeights = ['dense', 'conv2d', 'depthwiseConv2d', 'separableConv2d'].includes(layer.type);
  return (
    <div className="layer-fields" aria-label={`Settings of layer ${n}`} role="group">
      {fields}
      <SelectField<Activation | typeof NONE>
        label="Activation"
        value={activation ?? NONE}
        options={[...(isActivationLayer ? [] : [{ value: NONE, label: 'none' }]), ...ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_LABELS[a] }))]}
        onChange={(v) => set('activation', v === NONE ? undefined : v)}
      />
      {activation !== undefined && ACTIVATION_ALPHA_DEFAULTS[activation] !== undefined && (
        <NumberField label="Alpha" value={l.alpha as number | undefined} min={0} onChange={(v) => set('alpha', v)} />
      )}
      {hasWeights && (
        <SelectField<Initializer | typeof NONE>
          label="Init"
          value={(l.init as Initializer | undefined) ?? NONE}
          options={[{ value: NONE, label: 'default' }, ...INITIALIZERS.map((i) => ({ value: i, label: i }))]}
          onChange={(v) => set('init', v === NONE ? undefined : v)}
        />
      )}
    </div>
  );
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

/** A kernel / stride / pool size: "3" or "3x5" (height x width). */
function WindowField({ label, value, onChange, optional }: { label: string; value: WindowSize | undefined; onChange(v: WindowSize | undefined): void; optional: boolean }) {
  const id = useId();
  const [text, setText] = useState(showWindow(value));
  useEffect(() => setText((t) => (showWindow(parseWindow(t) ?? undefined) === showWindow(value) ? t : showWindow(value))), [value]);
  const bad = text.trim() !== '' && parseWindow(text) === null;
  return (
    <div className="field field-narrow">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={text} placeholder={optional ? 'same as pool' : ''} aria-invalid={bad || undefined} title="A number, or height x width such as 3x5"
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '' && optional) { onChange(undefined); return; }
          const v = parseWindow(e.target.value);
          if (v !== null) onChange(v);
        }} />
    </div>
  );
}

function ShapeField({ value, onChange }: { value: number[]; onChange(v: number[]): void }) {
  const id = useId();
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText((t) => (parseShape(t)?.join(',') === value.join(',') ? t : value.join(', '))), [value]);
  return (
    <div className="field">
      <label htmlFor={id}>Shape</label>
      <input id={id} value={text} aria-invalid={parseShape(text) === null || undefined} title="Sizes separated by commas; -1 infers one size"
        onChange={(e) => {
          setText(e.target.value);
          const v = parseShape(e.target.value);
          if (v) onChange(v);
        }} />
    </div>
  );
}

function parseShape(text: string): number[] | null {
  const parts = text.split(/[x×,\s]+/).filter(Boolean).map(Number);
  return parts.length > 0 && parts.every(Number.isInteger) ? parts : null;
}

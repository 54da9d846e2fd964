import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import './guide.css';

/**
 * A control's one-line explanation: shown while the field is hovered or focused, and read
 * out with the control (its aria-describedby). Texts: field-words.ts and the layer registry.
 */
export function FieldHelp({ id, text }: { id: string; text: string | undefined }) {
  return text ? <span id={id} className="field-help" role="tooltip">{text}</span> : null;
}

// Form primitives shared by every panel. A number field keeps what the person typed until it
// parses, so "0." or "1e-" mid-typing is never clobbered; the store only sees numbers.

interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange(value: number): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  /** Shown greyed when value is undefined; clearing the field calls onClear. */
  placeholder?: string;
  onClear?(): void;
  integer?: boolean;
  invalid?: boolean;
  /** The one-line explanation (on hover and focus). */
  help?: string;
}

export function NumberField({ label, value, onChange, min, max, step = 'any', placeholder, onClear, integer, invalid, help }: NumberFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (a preset, a link) unless the text already means this value.
    setText((t) => (t !== '' && Number(t) === value ? t : value === undefined ? '' : String(value)));
  }, [value]);
  const parsed = text.trim() === '' ? NaN : Number(text);
  const bad = text.trim() !== '' && (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        aria-invalid={bad || invalid || undefined}
        aria-describedby={help ? helpId : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === '') { onClear?.(); return; }
          const n = Number(t);
          if (Number.isFinite(n) && (!integer || Number.isInteger(n))) onChange(n);
        }}
      />
      <FieldHelp id={helpId} text={help} />
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly T[] | readonly { value: T; label: string }[];
  onChange(value: T): void;
  help?: string;
}

export function SelectField<T extends string>({ label, value, options, onChange, help }: SelectFieldProps<T>) {
  const id = useId();
  const helpId = `${id}-help`;
  const items = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-describedby={help ? helpId : undefined} onChange={(e) => onChange(e.target.value as T)}>
        {items.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <FieldHelp id={helpId} text={help} />
    </div>
  );
}

export function CheckField({ label, checked, onChange, help }: { label: string; checked: boolean; onChange(v: boolean): void; help?: string }) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} aria-describedby={help ? helpId : undefined} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <FieldHelp id={helpId} text={help} />
    </div>
  );
}

export function RangeField({ label, value, min, max, step, onChange, format }: {
  label: string; value: number; min: number; max: number; step: number; onChange(v: number): void; format?(v: number): string;
}) {
  const id = useId();
  return (
    <div className="field field-range">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
      <output htmlFor={id}>{format ? format(value) : value}</output>
    </div>
  );
}

export function Panel({ title, children, className, actions }: { title: string; children: ReactNode; className?: string; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A labelled group of fields inside a panel. */
export function FieldGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="group">
      <legend>{title}</legend>
      <div className="group-grid">{children}</div>
    </fieldset>
  );
}

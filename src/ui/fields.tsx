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
import { describeRange, inRange } from '../spec';
import type { Range } from '../spec';

// Form primitives shared by every panel. A number field keeps what the person typed until it
// parses, so "0." or "1e-" mid-typing is never clobbered; the store only sees numbers.

interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange(value: number): void;
  /** What the spec allows (spec/ranges.ts): a value outside is named next to the field. */
  range?: Range;
  /** The browser's bounds for the arrows, when narrower than the range. */
  min?: number;
  max?: number;
  step?: number | 'any';
  /** Shown greyed when value is undefined; clearing the field calls onClear. */
  placeholder?: string;
  onClear?(): void;
  /** What validation found wrong with this field (shown when the value is in its range). */
  error?: string;
  hint?: string;
  /** The one-line explanation (on hover and focus). */
  help?: string;
}

/** Why a typed value cannot be used, or null: "Units must be a whole number from 1 to 65,536". */
export function numberProblem(label: string, text: string, range: Range | undefined): string | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return `${label} must be ${range ? describeRange(range) : 'a number'}`;
  return range && !inRange(n, range) ? `${label} must be ${describeRange(range)}` : null;
}

/**
 * What is wrong with a field, under it; the field points here with aria-describedby. Generic
 * on purpose: every kind of field (numbers here, and any later one) uses this one.
 */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return <p id={id} className="inline-error field-error" role="alert">{children}</p>;
}

export function NumberField({ label, value, onChange, range, min = range?.min, max = range?.max, step = 'any', placeholder, onClear, error, hint, help }: NumberFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (a preset, a link) unless the text already means this value.
    setText((t) => (t !== '' && Number(t) === value ? t : value === undefined ? '' : String(value)));
  }, [value]);
  const problem = numberProblem(label, text, range) ?? error ?? null;
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
        aria-invalid={problem !== null || undefined}
        aria-describedby={[problem !== null ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined}
        title={hint}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === '') { onClear?.(); return; }
          // Out-of-range values reach the experiment too, so validation stops a run with
          // them rather than training the last good value behind the person's back.
          const n = Number(t);
          if (Number.isFinite(n)) onChange(n);
        }}
      />
      {problem !== null && <FieldError id={errorId}>{problem}</FieldError>}
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

/** A checkbox; `disabled` with a `title` saying why it cannot be ticked. */
export function CheckField({ label, checked, onChange, help, disabled, title }: { label: string; checked: boolean; onChange(v: boolean): void; help?: string; disabled?: boolean; title?: string }) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field field-check" title={title}>
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={help ? helpId : undefined} onChange={(e) => onChange(e.target.checked)} />
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

import { useId } from 'react';
import { TERM_WORDS } from './field-words';
import './guide.css';

/** A term of the run views with its one-line explanation on hover and keyboard focus. */
export function Term({ term, children }: { term: keyof typeof TERM_WORDS; children?: string }) {
  const id = useId();
  return (
    // NOTE: focusable so that keyboard users reach the explanation too (a tooltip pattern).
    <span className="term" tabIndex={0} aria-describedby={id}>
      {children ?? term}
      <span id={id} role="tooltip" className="field-help">{TERM_WORDS[term]}</span>
    </span>
  );
}

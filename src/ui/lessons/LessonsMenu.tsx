import { useEffect, useRef, useState } from 'react';
import { lessons } from '../../experiment';
import { useApp } from '../store';

/** A menu of guided lessons; choosing one opens its prepared experiment (exactly as written) and its panel. */
export function LessonsMenu() {
  const [open, setOpen] = useState(false);
  const openLesson = useApp((s) => s.openLesson);
  const root = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const choose = (id: string) => {
    openLesson(id);
    setOpen(false);
  };
  return (
    <div className="menu-root" ref={root}>
      <button type="button" ref={opener} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Lessons <span aria-hidden="true" className="caret">▾</span>
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Lessons" onKeyDown={(e) => {
          if (e.key === 'Escape') { setOpen(false); opener.current?.focus(); }
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const items = [...(e.currentTarget.querySelectorAll('[role=menuitem]') as NodeListOf<HTMLElement>)];
            const at = items.indexOf(document.activeElement as HTMLElement);
            items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
          }
        }}>
          {lessons.map((l, i) => (
            <button key={l.id} type="button" role="menuitem" ref={i === 0 ? first : undefined} onClick={() => choose(l.id)}>
              <span className="menu-title">{l.title}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

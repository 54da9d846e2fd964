import { useEffect } from 'react';
import type { KeyboardEvent } from 'react';
import { usePopup } from './use-popup';

export interface MenuItem {
  key: string;
  title: string;
  hint?: string;
  onChoose(): void;
}

/**
 * A button that opens a menu (role menu, items role menuitem): the one menu of the page's
 * header (Presets; Lessons joins it). Opening focuses the first item; arrows, Home and End
 * move between items; choosing an item or Escape closes it with focus back on the button.
 */
export function Menu({ label, items, className }: { label: string; items: readonly MenuItem[]; className?: string }) {
  const popup = usePopup();
  const { open, close } = popup;
  useEffect(() => {
    if (open) popup.rootRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
  }, [open, popup.rootRef]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role=menuitem]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = e.key === 'ArrowDown' ? (at + 1) % items.length
      : e.key === 'ArrowUp' ? (at + items.length - 1) % items.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    items[to]?.focus();
  };
  return (
    <div className={`menu-root${className ? ` ${className}` : ''}`} {...popup.rootProps}>
      <button type="button" ref={popup.buttonRef} aria-haspopup="menu" aria-expanded={open} onClick={popup.toggle}>
        {label} <span aria-hidden="true" className="caret">▾</span>
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={label} onKeyDown={onKeyDown}>
          {items.map((item) => (
            <button key={item.key} type="button" role="menuitem" tabIndex={-1} onClick={() => { close(); item.onChoose(); }}>
              <span className="menu-title">{item.title}</span>
              {item.hint && <span className="menu-hint">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

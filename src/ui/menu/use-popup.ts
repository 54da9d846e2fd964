import { useCallback, useEffect, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent, RefObject } from 'react';

/**
 * Open / close state of anything a button opens (a menu, the phone header's actions), with
 * the closing rules every such popup shares:
 * - Escape closes it and puts focus back on its button (stopped there, so an outer popup
 *   stays open: Escape in Presets inside the phone menu closes Presets only);
 * - a press outside closes it and leaves focus where the press put it;
 * - focus leaving it (Tab away) closes it.
 * `close()` also returns focus to the button, so choosing an item never drops focus on <body>.
 */
export interface Popup {
  open: boolean;
  toggle(): void;
  close(returnFocus?: boolean): void;
  rootRef: RefObject<HTMLDivElement | null>;
  buttonRef: RefObject<HTMLButtonElement | null>;
  /** On the element that holds the button and the popup. */
  rootProps: { ref: RefObject<HTMLDivElement | null>; onKeyDown(e: KeyboardEvent): void; onBlur(e: FocusEvent): void };
}

export function usePopup(): Popup {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const close = useCallback((returnFocus = true) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => { if (!rootRef.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };
  const onBlur = (e: FocusEvent) => {
    // relatedTarget is null for a press on nothing focusable: the pointerdown rule covers it.
    const to = e.relatedTarget as Node | null;
    if (open && to && !rootRef.current?.contains(to)) setOpen(false);
  };
  return { open, toggle, close, rootRef, buttonRef, rootProps: { ref: rootRef, onKeyDown, onBlur } };
}

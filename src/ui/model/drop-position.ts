// Where a drag in the model builder ends, worked out from the model as it was when the drag
// began: the announcements and the drop use the same answer. (Reading the live store after
// the drop counted the moved layer twice: every announced position was one off.)

export const STACK_END = 'stack:end';

/**
 * The 0-based index the dragged item has after a drop over `overId`: a palette item goes
 * before the layer it is over (or last, over the end zone); a layer moved onto another takes
 * that layer's place (as arrayMove). null: not over the model.
 */
export function dropIndex(ids: readonly string[], overId: unknown, fromPalette: boolean): number | null {
  if (overId === STACK_END) return fromPalette ? ids.length : ids.length - 1;
  const i = ids.indexOf(overId as string);
  return i >= 0 ? i : null;
}

/** What a screen reader hears while the item is over a position, and when it is dropped. */
export function overMessage(position: number | null, fromPalette: boolean, count: number): string {
  if (position === null) return 'Not over the model.';
  if (!fromPalette) return `Over position ${position + 1} of ${count}.`;
  return position >= count ? `Over the end: adds it as layer ${position + 1}.` : `Over position ${position + 1}: inserts it before layer ${position + 1}.`;
}

export function dropMessage(position: number | null, fromPalette: boolean, name: string): string {
  if (position === null) return fromPalette ? `${name} dropped outside the model; nothing added.` : 'Dropped outside the model; the layer stays where it was.';
  return fromPalette ? `${name} added as layer ${position + 1}.` : `${name} moved to position ${position + 1}.`;
}

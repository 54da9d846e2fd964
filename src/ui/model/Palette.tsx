import { useDraggable } from '@dnd-kit/core';
import { useApp } from '../store';
import { PALETTE } from './layer-defaults';
import { IconGrip, IconPlus } from '../icons';
import type { PaletteEntry } from './layer-defaults';

export const PALETTE_PREFIX = 'palette:';

/** Layer types to drag into the model (or add before the output layer with the + button). */
export function Palette() {
  return (
    <section className="palette" aria-labelledby="palette-title">
      <h3 id="palette-title">Layers</h3>
      <ul className="palette-list">
        {PALETTE.map((entry) => <PaletteItem key={entry.type} entry={entry} />)}
      </ul>
    </section>
  );
}

function PaletteItem({ entry }: { entry: PaletteEntry }) {
  const insertLayer = useApp((s) => s.insertLayer);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: PALETTE_PREFIX + entry.type, data: { type: entry.type } });
  return (
    <li className={`palette-item${isDragging ? ' dragging' : ''}`}>
      <button type="button" ref={setNodeRef} className="palette-drag" {...attributes} {...listeners} aria-label={entry.name}
        aria-describedby={undefined} title={`${entry.hint}. Drag into the model, or press Space and the arrow keys.`}>
        <span className="grip"><IconGrip /></span>
        <span className="palette-name">{entry.name}</span>
      </button>
      <button type="button" className="icon add" aria-label={`Add ${entry.name}`} title={`Add ${entry.name} before the output layer`} onClick={() => insertLayer(entry.type)}><IconPlus /></button>
    </li>
  );
}

import { useState } from 'react';
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, closestCenter, pointerWithin, useSensor, useSensors,
} from '@dnd-kit/core';
import type { CollisionDetection, DragEndEvent, DragOverEvent, DragStartEvent, KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { LayerType } from '../../spec';
import { appStore } from '../store';
import { Palette, PALETTE_PREFIX } from './Palette';
import { ModelStack, STACK_END } from './ModelStack';
import { layerName } from './layer-defaults';

// Drag and drop: palette items drop into the stack at any position (before the layer they are
// over, or at the end); stack items reorder. Both work from the keyboard (Space, arrows, Space).

const isPalette = (id: unknown) => typeof id === 'string' && id.startsWith(PALETTE_PREFIX);
const stackTargets = () => [...appStore.getState().layerIds, STACK_END];

/**
 * Where a palette item picked up with the keyboard would drop: an index into stackTargets(),
 * -1 right after pick-up (dropping then cancels). Arrow keys step through the positions.
 */
let keyboardTarget = -1;

/** Palette drags only ever land on the stack; reorders use the sortable's own rule. */
const collision: CollisionDetection = (args) => {
  if (!isPalette(args.active.id)) {
    return closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => c.id !== STACK_END) });
  }
  const targets = stackTargets();
  if (!args.pointerCoordinates) {
    const id = targets[keyboardTarget];
    return id === undefined ? [] : [{ id, data: { droppableContainer: args.droppableContainers.find((c) => c.id === id), value: 0 } }];
  }
  const allowed = new Set<unknown>(targets);
  const droppableContainers = args.droppableContainers.filter((c) => allowed.has(c.id));
  const within = pointerWithin({ ...args, droppableContainers });
  return within.length > 0 ? within : closestCenter({ ...args, droppableContainers });
};

/** Arrow keys move a palette item from one drop position of the stack to the next. */
const coordinates: KeyboardCoordinateGetter = (event, args) => {
  const { active, droppableRects } = args.context;
  if (!active || !isPalette(active.id)) return sortableKeyboardCoordinates(event, args);
  const down = event.code === 'ArrowDown' || event.code === 'ArrowRight';
  const up = event.code === 'ArrowUp' || event.code === 'ArrowLeft';
  if (!down && !up) return undefined;
  event.preventDefault();
  const targets = stackTargets();
  keyboardTarget = Math.max(0, Math.min(targets.length - 1, keyboardTarget + (down ? 1 : -1)));
  const rect = droppableRects.get(targets[keyboardTarget]);
  return rect ? { x: rect.left + 8, y: rect.top + 4 } : undefined;
};

export function ModelBuilder() {
  const [dragging, setDragging] = useState<LayerType | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: coordinates }),
  );
  const indexOf = (overId: unknown): number | null => {
    const ids = appStore.getState().layerIds;
    if (overId === STACK_END) return ids.length;
    const i = ids.indexOf(overId as string);
    return i >= 0 ? i : null;
  };
  const onDragStart = (e: DragStartEvent) => {
    keyboardTarget = -1;
    setDragging(isPalette(e.active.id) ? (e.active.data.current?.type as LayerType) : null);
  };
  const onDragOver = (e: DragOverEvent) => {
    setDropIndex(isPalette(e.active.id) && e.over ? indexOf(e.over.id) : null);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    setDropIndex(null);
    const { active, over } = e;
    const store = appStore.getState();
    // NOTE: a keyboard drop goes where the arrow keys pointed; `over` can lag a frame behind.
    const byKeyboard = isPalette(active.id) && !(e.activatorEvent instanceof PointerEvent || e.activatorEvent instanceof MouseEvent);
    const to = byKeyboard ? (keyboardTarget >= 0 ? keyboardTarget : null) : over ? indexOf(over.id) : null;
    if (to === null) return;
    if (isPalette(active.id)) {
      store.insertLayer(active.data.current?.type as LayerType, to);
    } else {
      const from = store.layerIds.indexOf(active.id as string);
      if (from >= 0) store.moveLayer(from, Math.min(to, store.layerIds.length - 1));
    }
  };
  const announcements = {
    onDragStart: ({ active }: { active: { id: unknown } }) => isPalette(active.id)
      ? `Picked up ${layerName(String(active.id).slice(PALETTE_PREFIX.length) as LayerType)}. Use the arrow keys to choose where it goes, Space to drop it.`
      : `Picked up layer ${appStore.getState().layerIds.indexOf(active.id as string) + 1}.`,
    onDragOver: ({ over }: { over: { id: unknown } | null }) => over ? `Over position ${(indexOf(over.id) ?? 0) + 1}.` : 'Not over the model.',
    onDragEnd: ({ over }: { over: { id: unknown } | null }) => over ? `Dropped at position ${(indexOf(over.id) ?? 0) + 1}.` : 'Dropped outside the model.',
    onDragCancel: () => 'Cancelled.',
  };
  return (
    <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragOver={onDragOver}
      onDragEnd={onDragEnd} onDragCancel={() => { setDragging(null); setDropIndex(null); }} accessibility={{ announcements }}>
      <div className="builder">
        <Palette />
        <ModelStack dropIndex={dropIndex} />
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging ? <div className="drag-chip">{layerName(dragging)}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}

import { useState } from 'react';
import {
  DndContext, DragOverlay, KeyboardSensor, MouseSensor, TouchSensor, closestCenter, pointerWithin, useSensor, useSensors,
} from '@dnd-kit/core';
import type { CollisionDetection, DragEndEvent, DragOverEvent, DragStartEvent, KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { LayerType } from '../../spec';
import { appStore } from '../store';
import { Palette, PALETTE_PREFIX } from './Palette';
import { ModelStack, STACK_END } from './ModelStack';
import { layerName } from './layer-defaults';
import { dropIndex, dropMessage, overMessage } from './drop-position';

// Drag and drop: palette items drop into the stack at any position (before the layer they are
// over, or at the end); stack items reorder. Both work from the keyboard (Space, arrows, Space)
// and by touch: a press held 200 ms picks an item up, so a quick swipe still scrolls the page.

const isPalette = (id: unknown) => typeof id === 'string' && id.startsWith(PALETTE_PREFIX);
const stackTargets = () => [...appStore.getState().layerIds, STACK_END];

/**
 * Where a palette item picked up with the keyboard would drop: an index into stackTargets(),
 * -1 right after pick-up (dropping then cancels). Arrow keys step through the positions.
 */
let keyboardTarget = -1;

/** The layer ids when the drag began: what every announcement and the drop count from. */
let idsAtStart: readonly string[] = [];
/** The event that began the drag (announcements get no activator event). */
let lastActivator: Event | null = null;
/** A layer picked up is "over" itself at once: that first over must not drown "Picked up". */
let pickedUpOverSelf = false;

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
  const [dropAt, setDropAt] = useState<number | null>(null);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: coordinates }),
  );
  const onDragStart = (e: DragStartEvent) => {
    keyboardTarget = -1;
    lastActivator = e.activatorEvent;
    idsAtStart = [...appStore.getState().layerIds];
    pickedUpOverSelf = !isPalette(e.active.id);
    setDragging(isPalette(e.active.id) ? (e.active.data.current?.type as LayerType) : null);
  };
  const onDragOver = (e: DragOverEvent) => {
    setDropAt(isPalette(e.active.id) && e.over ? dropIndex(idsAtStart, e.over.id, true) : null);
  };
  /** Where this drag drops: where the arrow keys pointed for a keyboard palette drag (`over` can lag a frame behind). */
  const target = (e: { active: { id: unknown }; over: { id: unknown } | null; activatorEvent: Event | null }) => {
    const palette = isPalette(e.active.id);
    if (palette && e.activatorEvent instanceof KeyboardEvent) return keyboardTarget >= 0 ? keyboardTarget : null;
    return e.over ? dropIndex(idsAtStart, e.over.id, palette) : null;
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    setDropAt(null);
    const to = target(e);
    if (to === null) return;
    const store = appStore.getState();
    if (isPalette(e.active.id)) {
      store.insertLayer(e.active.data.current?.type as LayerType, to);
    } else {
      const from = store.layerIds.indexOf(e.active.id as string);
      if (from >= 0) store.moveLayer(from, to);
    }
  };
  const nameOf = (id: unknown) => isPalette(id)
    ? layerName(String(id).slice(PALETTE_PREFIX.length) as LayerType)
    : `Layer ${idsAtStart.indexOf(id as string) + 1}`;
  const announcements = {
    onDragStart: ({ active }: { active: { id: unknown } }) => isPalette(active.id)
      ? `Picked up ${nameOf(active.id)}. Use the arrow keys to choose where it goes, Space to drop it.`
      : `Picked up layer ${idsAtStart.indexOf(active.id as string) + 1} of ${idsAtStart.length}. Use the arrow keys to move it, Space to drop it.`,
    onDragOver: ({ active, over }: { active: { id: unknown }; over: { id: unknown } | null }) => {
      const first = pickedUpOverSelf;
      pickedUpOverSelf = false;
      if (first && over?.id === active.id) return undefined;
      return overMessage(over ? dropIndex(idsAtStart, over.id, isPalette(active.id)) : null, isPalette(active.id), idsAtStart.length);
    },
    onDragEnd: (e: { active: { id: unknown }; over: { id: unknown } | null }) =>
      dropMessage(target({ ...e, activatorEvent: lastActivator }), isPalette(e.active.id), nameOf(e.active.id)),
    onDragCancel: () => 'Cancelled; nothing changed.',
  };
  return (
    <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragOver={onDragOver}
      onDragEnd={onDragEnd} onDragCancel={() => { setDragging(null); setDropAt(null); }} accessibility={{ announcements }}>
      <div className="builder">
        <Palette />
        <ModelStack dropIndex={dropAt} />
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging ? <div className="drag-chip">{layerName(dragging)}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}

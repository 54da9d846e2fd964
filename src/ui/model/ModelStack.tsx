import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useApp } from '../store';
import { LayerCard } from './LayerCard';
import { formatCount, formatShape } from '../format';
import { STACK_END } from './drop-position';

export { STACK_END };

/** The model as an ordered list of layers, with shapes between them and a total. */
export function ModelStack({ dropIndex }: { dropIndex: number | null }) {
  const layers = useApp((s) => s.experiment.model.layers);
  const ids = useApp((s) => s.layerIds);
  const validation = useApp((s) => s.validation);
  const { setNodeRef, isOver } = useDroppable({ id: STACK_END });
  // Shapes reach up to the first broken layer; totals only mean something for the whole model.
  const summary = validation.summary;
  const whole = summary && summary.layers.length === layers.length ? summary : null;
  const issuesOf = (i: number) => validation.errors.filter((e) => e.path === `model.layers[${i}]` || e.path.startsWith(`model.layers[${i}].`));
  return (
    <div className="stack">
      <div className="stack-input">Input {formatShape(validation.inputShape)}</div>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol className="stack-list" aria-label="Model">
          {layers.map((layer, i) => (
            <LayerCard key={ids[i]} id={ids[i]} index={i} count={layers.length} layer={layer}
              shape={summary?.layers[i]} issues={issuesOf(i)} dropBefore={dropIndex === i} />
          ))}
        </ol>
      </SortableContext>
      <div ref={setNodeRef} className={`stack-end${isOver || dropIndex === layers.length ? ' over' : ''}`}>
        Drop a layer here to add it at the end
      </div>
      <div className="stack-total" aria-label="Model total">
        <span>{layers.length} {layers.length === 1 ? 'layer' : 'layers'}</span>
        <span>{whole ? `${formatCount(whole.totalParams)} parameters` : '—'}</span>
        {whole && (
          <span aria-label="Trainable and frozen parameters">
            {`${formatCount(whole.totalParams - whole.frozenParams)} trainable · ${formatCount(whole.frozenParams)} frozen`}
          </span>
        )}
        <span>{whole ? `${formatCount(whole.totalFlops)} FLOPs / sample` : ''}</span>
      </div>
    </div>
  );
}

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { LayerSpec } from '../../spec';
import type { LayerShape } from '../../nn/shapes';
import type { Issue } from '../../spec';
import { useApp } from '../store';
import { LayerFields, numberFieldKeys } from './LayerFields';
import { layerName } from './layer-defaults';
import { formatCount, formatShape } from '../format';
import { IconCopy, IconDown, IconGrip, IconTrash, IconUp } from '../icons';

interface Props {
  id: string;
  index: number;
  count: number;
  layer: LayerSpec;
  shape: LayerShape | undefined;
  issues: Issue[];
  dropBefore: boolean;
}

/** One layer of the model stack: drag handle, settings, cost, and its own errors. */
export function LayerCard({ id, index, count, layer, shape, issues, dropBefore }: Props) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const setLayer = useApp((s) => s.setLayer);
  const removeLayer = useApp((s) => s.removeLayer);
  const duplicateLayer = useApp((s) => s.duplicateLayer);
  const moveLayer = useApp((s) => s.moveLayer);
  const n = index + 1;
  // A number field says its own problem (FieldError); the rest are listed under the fields.
  const fieldErrors: Record<string, string> = {};
  for (const key of numberFieldKeys(layer)) {
    const issue = issues.find((i) => i.path === `model.layers[${index}].${key}`);
    if (issue) fieldErrors[key] = issue.message;
  }
  const rest = issues.filter((i) => !Object.keys(fieldErrors).some((key) => i.path === `model.layers[${index}].${key}`));
  const style = { transform: CSS.Translate.toString(transform), transition };
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`layer-card${isDragging ? ' dragging' : ''}${issues.length ? ' has-error' : ''}${dropBefore ? ' drop-before' : ''}`}
      data-layer-type={layer.type}
      aria-label={`Layer ${n}: ${layerName(layer.type)}`}
    >
      <div className="layer-head">
        <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners}
          aria-label={`Drag layer ${n}`} title="Drag to reorder (or press Space, then the arrow keys)">
          <IconGrip />
        </button>
        <span className="layer-index">{n}</span>
        <span className="layer-title">
          <span className="layer-name">{layerName(layer.type)}</span>
          <span className="layer-cost" title="Trainable parameters · forward FLOPs per sample">
            {shape?.outputShape ? `${formatCount(shape.params)} params · ${formatCount(shape.flops)} FLOPs` : ''}
          </span>
        </span>
        <div className="layer-actions">
          <button type="button" className="icon" aria-label={`Move layer ${n} up`} disabled={index === 0} onClick={() => moveLayer(index, index - 1)}><IconUp /></button>
          <button type="button" className="icon" aria-label={`Move layer ${n} down`} disabled={index === count - 1} onClick={() => moveLayer(index, index + 1)}><IconDown /></button>
          <button type="button" className="icon" aria-label={`Duplicate layer ${n}`} onClick={() => duplicateLayer(index)}><IconCopy /></button>
          <button type="button" className="icon danger" aria-label={`Delete layer ${n}`} disabled={count === 1} title={count === 1 ? 'A model needs at least one layer' : undefined} onClick={() => removeLayer(index)}><IconTrash /></button>
        </div>
      </div>
      <LayerFields layer={layer} n={n} fieldErrors={fieldErrors} onChange={(l) => setLayer(index, l)} />
      {rest.map((issue) => (
        <p key={issue.path + issue.message} className="inline-error" role="alert">{issue.message}</p>
      ))}
      <div className="layer-out" aria-label={`Output of layer ${n}`}>→ {formatShape(shape?.outputShape ?? null)}</div>
    </li>
  );
}

import { useId } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { LayerSpec } from '../../spec';
import type { LayerShape } from '../../nn/shapes';
import type { Issue } from '../../spec';
import { useApp } from '../store';
import { LayerFields, numberFieldKeys } from './LayerFields';
import { FieldHelp } from '../fields';
import { layerName } from './layer-defaults';
import { humanMessage } from '../issue-words';
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
  const experiment = useApp((s) => s.experiment);
  const n = index + 1;
  const freezeHelpId = `${useId()}-freeze-help`;
  const frozen = layer.trainable === false;
  // Unfreezing drops the field, so the layer (and its share link) is as it was before.
  const setFrozen = (on: boolean) => {
    const { trainable: _, ...rest } = layer;
    setLayer(index, (on ? { ...rest, trainable: false } : rest) as LayerSpec);
  };
  // A number field says its own problem (FieldError); the rest are listed under the fields.
  const fieldErrors: Record<string, string> = {};
  for (const key of numberFieldKeys(layer)) {
    const issue = issues.find((i) => i.path === `model.layers[${index}].${key}`);
    if (issue) fieldErrors[key] = humanMessage(issue.message, experiment);
  }
  const rest = issues.filter((i) => !Object.keys(fieldErrors).some((key) => i.path === `model.layers[${index}].${key}`));
  const style = { transform: CSS.Translate.toString(transform), transition };
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`layer-card${isDragging ? ' dragging' : ''}${issues.length ? ' has-error' : ''}${dropBefore ? ' drop-before' : ''}${frozen ? ' frozen' : ''}`}
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
          <span className="layer-cost" title="Parameters (frozen when the layer is) · forward FLOPs per sample">
            {shape?.outputShape ? `${formatCount(shape.params)} ${frozen ? 'frozen ' : ''}params · ${formatCount(shape.flops)} FLOPs` : ''}
          </span>
        </span>
        {(shape?.params ?? 0) > 0 && (
          <label className="layer-freeze">
            <input type="checkbox" aria-label={`Freeze layer ${n}`} aria-describedby={freezeHelpId} checked={frozen} onChange={(e) => setFrozen(e.target.checked)} />
            Freeze
            <FieldHelp id={freezeHelpId} text="A frozen layer keeps its weights (and a batch norm its running statistics) while the others train." />
          </label>
        )}
        <div className="layer-actions">
          <button type="button" className="icon" aria-label={`Move layer ${n} up`} disabled={index === 0} onClick={() => moveLayer(index, index - 1)}><IconUp /></button>
          <button type="button" className="icon" aria-label={`Move layer ${n} down`} disabled={index === count - 1} onClick={() => moveLayer(index, index + 1)}><IconDown /></button>
          <button type="button" className="icon" aria-label={`Duplicate layer ${n}`} onClick={() => duplicateLayer(index)}><IconCopy /></button>
          <button type="button" className="icon danger" aria-label={`Delete layer ${n}`} disabled={count === 1} title={count === 1 ? 'A model needs at least one layer' : undefined} onClick={() => removeLayer(index)}><IconTrash /></button>
        </div>
      </div>
      <LayerFields layer={layer} n={n} fieldErrors={fieldErrors} onChange={(l) => setLayer(index, l)} />
      {rest.map((issue) => (
        <p key={issue.path + issue.message} className="inline-error" role="alert">{humanMessage(issue.message, experiment)}</p>
      ))}
      <div className="layer-out" aria-label={`Output of layer ${n}`}>→ {formatShape(shape?.outputShape ?? null)}</div>
    </li>
  );
}

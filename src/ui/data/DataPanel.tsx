import { DATASETS, NORMALIZATIONS, RANGES, datasetInfo, isImageDataset, isPointDataset, modelInputShape } from '../../spec';
import type { DataSpec, DatasetName, Normalization } from '../../spec';
import { FeatureToggles } from './FeatureToggles';
import { useApp } from '../store';
import { CheckField, FieldGroup, NumberField, Panel, SelectField } from '../fields';
import { ScatterPreview } from './ScatterPreview';
import { ImagePreview } from './ImagePreview';
import { CsvFields } from './CsvFields';
import { AdaptedNotice } from './AdaptedNotice';
import { FIELD_WORDS } from '../field-words';

const help = (path: keyof typeof FIELD_WORDS) => FIELD_WORDS[path].help;
import '../guide.css';


const DATASET_OPTIONS = DATASETS.map((d) => ({ value: d, label: datasetInfo(d).title }));

/** Left column: which data, how it is split, normalised and augmented, and what it looks like. */
export function DataPanel() {
  const data = useApp((s) => s.experiment.data);
  const seed = useApp((s) => s.experiment.seed);
  const edit = useApp((s) => s.edit);
  const setData = (patch: Partial<DataSpec>) => edit((e) => ({ ...e, data: { ...e.data, ...patch } }));
  const setAugment = (patch: Partial<DataSpec['augment']>) => setData({ augment: { ...data.augment, ...patch } });
  const info = datasetInfo(data.dataset);
  const inputShape = modelInputShape(data);
  /** The model, loss, features and augmentation are made to fit the chosen dataset (with Undo). */
  const setDataset = useApp((s) => s.chooseDataset);
  const images = isImageDataset(data.dataset);
  return (
    <Panel title="Data" className="panel-data">
      <SelectField<DatasetName> label="Dataset" help={help('data.dataset')} value={data.dataset} options={DATASET_OPTIONS} onChange={setDataset} />
      <AdaptedNotice />
      <p className="muted small dataset-facts">
        {inputShape ? `Input [${inputShape.join(' × ')}]` : 'Input from the file'} · {info.task}
        {info.numClasses ? ` · ${info.numClasses} classes` : ''}
      </p>
      <div className="preview">
        {info.synthetic && <ScatterPreview dataset={data.dataset} seed={seed} noise={data.noise} />}
        {images && <ImagePreview dataset={data.dataset as 'mnist' | 'fashion-mnist'} augment={data.augment} seed={seed} />}
        {data.dataset === 'csv' && <CsvFields />}
      </div>
      {isPointDataset(data.dataset) && <FeatureToggles />}
      <FieldGroup title="Split and scaling">
        {info.synthetic && <NumberField label="Noise" help={help('data.noise')} value={data.noise} range={RANGES.noise} step={0.05} onChange={(v) => setData({ noise: v })} />}
        {/* Fashion-MNIST keeps its official 60,000 / 10,000 split. */}
        {data.dataset !== 'fashion-mnist' && <NumberField label="Train fraction" help={help('data.trainFraction')} value={data.trainFraction} range={RANGES.trainFraction} step={0.05} onChange={(v) => setData({ trainFraction: v })} />}
        <NumberField label="Validation fraction" help={help('data.validationFraction')} value={data.validationFraction} range={RANGES.validationFraction} step={0.05} placeholder="none"
          onChange={(v) => setData({ validationFraction: v })}
          onClear={() => edit((e) => { const { validationFraction: _v, ...rest } = e.data; return { ...e, data: rest as DataSpec }; })} />
        <SelectField<Normalization> label="Normalisation" help={help('data.normalize')} value={data.normalize} options={NORMALIZATIONS} onChange={(v) => setData({ normalize: v })} />
      </FieldGroup>
      {/* The trainer augments image batches only (train/augment-step.ts). */}
      {images && (
        <FieldGroup title="Augmentation">
          <NumberField label="Shift (pixels)" help={help('data.augment.shift')} value={data.augment.shift} range={RANGES.augmentShift} step={1} onChange={(v) => setAugment({ shift: v })} />
          <CheckField label="Horizontal flip" help={help('data.augment.flip')} checked={data.augment.flip} onChange={(v) => setAugment({ flip: v })} />
          <NumberField label="Input noise" help={help('data.augment.noise')} value={data.augment.noise} range={RANGES.augmentNoise} step={0.01} onChange={(v) => setAugment({ noise: v })} />
        </FieldGroup>
      )}
    </Panel>
  );
}

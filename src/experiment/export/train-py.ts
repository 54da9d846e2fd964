// train.py: the experiment as a standalone PyTorch script. The fixed part (data loading,
// ports of our seeded generators, the loop, evaluation, the command line) is
// train_template.py; this fills in the experiment, the run's normalisation statistics, the
// data manifest and the model, whose modules come from each layer's `pytorch` entry in the
// layer registry (src/nn/layers/<type>.ts). Pure: the runner and the page feed it values.
import type { Experiment } from '../../spec';
import type { NormalizationStats, Task } from '../../data/types';
import { inferShapes } from '../../nn/shapes';
import { buildContext } from '../../nn/layers/context';
import { layerDef } from '../../nn/layers/registry';
import { torchActivation } from '../../nn/layers/torch-form';
import type { LayerOps } from '../../nn/layers/types';
import template from './train_template.py?raw';

/** What load_data() reads from data/ (data-files.ts writes the files). */
export interface DataManifest {
  /** `images`: IDX files; `table`: a CSV of numbers whose last `targetColumns` columns are the target. */
  kind: 'images' | 'table';
  /** Role (images, labels, trainImages, ..., table) -> file name in data/. */
  files: Record<string, string>;
  targetColumns?: number;
  /** 2-D sets: the input features computed from the normalised (x1, x2). */
  features?: string[];
}

export interface TrainPyInputs {
  experiment: Experiment;
  /** One sample's shape as the model sees it (NHWC for images). */
  inputShape: number[];
  task: Task;
  /** The run's normalisation statistics (from its training split). */
  stats: NormalizationStats;
  data: DataManifest;
}

/** build() only declares tensors; the ops are reached in forward, which is never called here. */
const NO_OPS = new Proxy({}, { get: () => { throw new Error('The PyTorch export builds layers for their tensors only.'); } }) as LayerOps;

export function trainPy(inputs: TrainPyInputs): string {
  const { experiment } = inputs;
  const config = {
    experiment,
    task: inputs.task,
    normalization: inputs.stats,
    data: inputs.data,
  };
  const title = `${experiment.data.dataset}: ${experiment.model.layers.length} layers, ${experiment.loss}, ${experiment.optimizer.type}, seed ${experiment.seed}`;
  return template
    .replace('{{TITLE}}', title)
    .replace('{{CONFIG}}', () => JSON.stringify(config, null, 2))
    .replace('{{MODEL}}', () => modelSource(inputs.inputShape, experiment));
}

/** build_model(), TENSORS and OUR_SHAPES as Python source. */
export function modelSource(inputShape: number[], experiment: Experiment): string {
  const layers = experiment.model.layers;
  const report = inferShapes(inputShape, layers);
  if (report.errors.length) throw new Error(`The model cannot be exported: ${report.errors.map((e) => e.message).join(' ')}`);
  const lines: string[] = [];
  const tensors: string[] = [];
  const stateTensors: string[] = [];
  const shapes: string[] = [];
  layers.forEach((layer, index) => {
    const shape = report.layers[index];
    const at = { index, inputShape: shape.inputShape!, outputShape: shape.outputShape! };
    const def = layerDef(layer.type);
    const form = def.pytorch(layer, at);
    const act = torchActivation(layer, at.outputShape.length === 3);
    lines.push(`        Layer(${form.module}${act ? `, ${act}` : ''}),  # layer${index + 1}: ${def.describe(layer)}`);
    const built = def.build(layer, buildContext(layer, index, at.inputShape, at.outputShape, NO_OPS));
    const ours = new Map([...built.params, ...(built.state ?? [])].map((p) => [p.name, p.shape]));
    const stateNames = new Set((built.state ?? []).map((p) => p.name));
    for (const [name, path, layout] of form.tensors ?? []) {
      const full = `layer${index + 1}.${name}`;
      const ourShape = ours.get(full);
      if (!ourShape) throw new Error(`${layer.type}'s PyTorch form names ${name}, which the layer does not have.`);
      // Parameters first, then running statistics: the order of our weights files.
      (stateNames.has(full) ? stateTensors : tensors).push(`    "${full}": ("layers.${index}.core.${path}", "${layout}"),`);
      shapes.push(`    "${full}": [${ourShape.join(', ')}],`);
    }
    if ((form.tensors?.length ?? 0) !== ours.size) throw new Error(`${layer.type}'s PyTorch form maps ${form.tensors?.length ?? 0} of its ${ours.size} tensors.`);
  });
  return [
    'def build_model():',
    '    """The experiment\'s model, layer for layer: our layerK is layers[K-1] (its module, then its activation)."""',
    '    return Model([',
    ...lines,
    '    ])',
    '',
    '',
    '# Our tensor name -> (its path in build_model().state_dict(), layout: see to_torch).',
    'TENSORS = {',
    ...tensors,
    ...stateTensors,
    '}',
    '',
    '# Our shapes of those tensors (the playground\'s layouts).',
    'OUR_SHAPES = {',
    ...shapes,
    '}',
  ].join('\n');
}

// The PyTorch project: every file of the export, by path, and the zip the page downloads.
// The runner writes the same files into --out (it writes experiment.json and
// weights.safetensors itself); the page zips them. Both only feed bytes in.
import { zipSync } from 'fflate';
import type { Experiment } from '../../spec';
import type { ProjectData } from './data-files';
import { trainPy, type TrainPyInputs } from './train-py';

export interface ProjectInputs extends Omit<TrainPyInputs, 'data'> {
  data: ProjectData;
  /** safetensors of the weights before the first step, and (when trained) after the last. */
  initial: Uint8Array;
  weights?: Uint8Array;
}

const encoder = new TextEncoder();

/** train.py and data/ (what the runner adds to --out besides initial.safetensors). */
export function scriptAndData(inputs: Omit<TrainPyInputs, 'data'> & { data: ProjectData }): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = { 'train.py': encoder.encode(trainPy({ ...inputs, data: inputs.data.manifest })) };
  for (const [name, bytes] of Object.entries(inputs.data.files)) files[`data/${name}`] = bytes;
  return files;
}

/** Every file of the project zip. */
export function projectFiles(inputs: ProjectInputs): Record<string, Uint8Array> {
  return {
    'README.md': encoder.encode(readme(inputs.experiment, inputs.weights !== undefined)),
    'experiment.json': encoder.encode(`${JSON.stringify(inputs.experiment, null, 2)}\n`),
    'initial.safetensors': inputs.initial,
    ...(inputs.weights ? { 'weights.safetensors': inputs.weights } : {}),
    ...scriptAndData(inputs),
  };
}

/** The project as one zip, every file under `folder/`. */
export function projectZip(inputs: ProjectInputs, folder = 'pytorch-project'): Uint8Array {
  const files = projectFiles(inputs);
  // Stored, not deflated, for files that are compressed already (the IDX .gz files).
  const entries = Object.fromEntries(Object.entries(files).map(([path, bytes]) => [`${folder}/${path}`, [bytes, { level: path.endsWith('.gz') ? 0 : 6 }] as [Uint8Array, { level: 0 | 6 }]]));
  return zipSync(entries);
}

function readme(experiment: Experiment, trained: boolean): string {
  return `# PyTorch project: ${experiment.data.dataset}, seed ${experiment.seed}

Exported from the WebGPU training playground. It needs Python 3 and PyTorch, nothing else.

| file | what |
|---|---|
| \`train.py\` | the model, data loading, training loop and evaluation, in plain PyTorch |
| \`initial.safetensors\` | the weights before the first step |
${trained ? '| `weights.safetensors` | the weights the playground trained |\n' : ''}| \`experiment.json\` | the experiment (opens in the playground and in \`npm run train\`) |
| \`data/\` | the data the run used |

\`\`\`sh
python3 train.py --evaluate             # test loss and accuracy of weights.safetensors
python3 train.py                        # train as the playground did, from initial.safetensors
python3 train.py --epochs 5 --save mine.safetensors   # loads back into the playground
python3 train.py --replay-steps 20      # the run's first 20 steps, batch for batch
torchrun --nproc_per_node=2 train.py    # DistributedDataParallel on 2 processes (GPUs: nccl)
# Debian's torch 1.13 on Python 3.11: python3 -m torch.distributed.run --redirects 2 --tee 2 --nproc_per_node=2 train.py
\`\`\`

In Python: \`from train import build_model, load_weights, load_data\`.
`;
}

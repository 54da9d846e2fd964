import { describe, expect, it } from 'vitest';
import type { LoadedSplit } from '../data';
import type { Experiment } from '../spec';
import { findPreset } from './presets';
import { prepareRun, RunRefusedError, type OpenedRunBackend } from './prepare-run';
import { validateExperiment } from './validate';

const spiral = () => validateExperiment(findPreset('spiral')!.experiment).experiment!;
const split = { train: { n: 10, inputShape: [2], numClasses: 2 }, test: { n: 4 } } as unknown as LoadedSplit;

function setup(limits?: OpenedRunBackend['adapter']['limits']) {
  const calls: string[] = [];
  const opened = { backend: { kind: 'cpu' } as OpenedRunBackend['backend'], adapter: { limits } };
  return {
    calls,
    opened,
    setup: {
      loadData: async (e: Experiment) => { calls.push(`load ${e.data.dataset}`); return split; },
      checkData: (e: Experiment) => { calls.push('check'); return { ...e, seed: 99 }; },
      openBackend: async (kind: string) => { calls.push(`open ${kind}`); return opened; },
      onBackend: () => calls.push('opened'),
      createTrainer: async (e: Experiment, o: { split: LoadedSplit }) => { calls.push(`trainer seed ${e.seed} n ${o.split.train.n}`); return 'trainer'; },
      onEvent: () => {},
    },
  };
}

describe('prepareRun (the worker and the runner set runs up the same way)', () => {
  it('loads the data, checks the experiment against it, opens the backend, then creates the trainer', async () => {
    const s = setup();
    const run = await prepareRun(spiral(), s.setup);
    expect(s.calls).toEqual(['load spiral', 'check', 'open webgpu', 'opened', 'trainer seed 99 n 10']);
    expect(run).toMatchObject({ trainer: 'trainer', split, opened: s.opened, experiment: { seed: 99 } });
  });

  it("refuses a model too big for the adapter's buffers, naming the field, before creating a trainer", async () => {
    const s = setup({ maxStorageBufferBindingSize: 1024, maxBufferSize: 1024 });
    const e = spiral();
    e.model.layers[0] = { ...e.model.layers[0], units: 4096 } as Experiment['model']['layers'][number];
    const err = await prepareRun(e, s.setup).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RunRefusedError);
    expect((err as RunRefusedError).issues[0].path).toMatch(/^model\.layers\[\d\]/);
    expect(s.calls).not.toContainEqual(expect.stringMatching(/^trainer/));
  });
});

// The headless runner: `npm run train -- <experiment.json | share link | preset> [options]`.
// runCli returns the exit code (0 done, 2 invalid experiment or input, 3 NaN/Inf,
// 130 interrupted, 1 anything else); `deps` swaps the outside world for tests.

import { datasetInfo, type Experiment, type Issue } from '../spec';
import { inferShapes } from '../nn/shapes';
import { DataLoadError } from '../data';
import type { LoadedSplit } from '../data';
import { GpuFaultError, NonFiniteError } from '../train/types';
import type { FinalMetrics, TrainEvent } from '../train/types';
import { parseArgs, USAGE } from './args';
import type { CliOptions } from './args';
import type { CliDeps, CliTrainer, OpenedBackend, TrainerOptions } from './deps';
import { defaultDeps } from './default-deps';
import { describeAdapter, finalText, formatIssue, jsonFinalLine, jsonProgressLine, si, summaryTable } from './format';
import { OutDir, OutDirError } from './out-dir';
import { attackJsonLine, attackTable } from './attack-output';
import { attackSchedule, type Attack } from '../train/adversarial';
import type { RobustAccuracy } from '../train/robustness';
import { lrFinderJsonLine, lrFinderRecords, lrFinderTable } from './lr-finder-output';
import { printable } from './text';
import { ProgressView } from './progress';
import { applyOverrides, experimentForSaving, listPresets, resolveSource } from './resolve';
import type { ValidationResult } from '../experiment';
import { prepareRun, RunRefusedError } from '../experiment/prepare-run';
import { builtInDataSize, checkBudget, dataSizeOf, DEFAULT_MAX_MEMORY_MB, type DataSize } from '../experiment/budget';
import { CSV_LIMITS } from '../data';
import { encodeCheckpoint } from '../train/checkpoint';
import type { SavedTrainingState } from '../train/training-state';
import { checkNewTotal, firstDifference, readResumeFolder, RUNNER_METADATA, type ResumeFolder } from './resume';
import { nodeIo } from '../data/node-io';
import { projectData } from '../experiment/export/data-files';
import { scriptAndData } from '../experiment/export/project';
import type { NamedTensor } from '../train/safetensors';
import { nothingMatchedMessage } from '../train/weights-import';
import { initFromJsonLine, initFromText, readInitFrom } from './init-from';

export const EXIT = { done: 0, failed: 1, invalid: 2, nonFinite: 3, interrupted: 130 } as const;

export async function runCli(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps: CliDeps = { ...defaultDeps(), ...overrides };
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    deps.stderr.write(`${printable(parsed.error)}\n`);
    return EXIT.invalid;
  }
  const options = parsed.options;
  if (options.help) {
    deps.stdout.write(USAGE);
    return EXIT.done;
  }
  if (options.listPresets) {
    deps.stdout.write(listPresets());
    return EXIT.done;
  }
  try {
    return await new Run(options, deps).start();
  } catch (e) {
    return internalError(deps, e);
  }
}

/** Thrown inside a run for a problem the user can fix: printed without a stack. */
class UserError extends Error {
  constructor(readonly code: number, readonly issues: Issue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** The experiment as resolved from the command line, before its data is loaded. */
interface Source {
  /** The tensors of --init-from, read before any work so a bad file fails fast. */
  initFrom: NamedTensor[] | null;
  raw: unknown;
  baseDir: string;
  validated: ValidationResult;
  experiment: Experiment;
}

class Run {
  private out: OutDir | null = null;
  private readonly log: CliDeps['stderr'];
  private lastProgress = { lr: null as number | null, samplesPerSec: null as number | null };
  private lastStep = 0;
  private progress: ProgressView | null = null;
  /** --resume: the folder and the checkpoint the run continues from. */
  private resumeFrom: ResumeFolder | null = null;
  /** SHA-256 of experiment.json as written; every checkpoint carries it. */
  private experimentSha = '';
  /** What a checkpoint's metadata needs from the run. */
  private checkpointInfo: { seed: number; stepsPerEpoch: number } | null = null;
  private lastCheckpointStep: number | null = null;

  constructor(private readonly options: CliOptions, private readonly deps: CliDeps) {
    // NOTE: with --json, stdout carries JSON only; everything for people goes to stderr.
    this.log = options.json ? deps.stderr : deps.stdout;
  }

  async start(): Promise<number> {
    let opened: OpenedBackend | null = null;
    let trainer: CliTrainer | null = null;
    try {
      const source = await this.resolve();
      const run = await prepareRun<OpenedBackend, CliTrainer>(source.experiment, {
        loadData: (experiment) => this.loadData(experiment, source.baseDir),
        checkData: (_, split) => this.checkData(source, split),
        openBackend: (kind) => this.openBackend(kind),
        onBackend: (o) => {
          opened = o;
          this.log.write(`${describeAdapter(o.adapter)}\n`);
        },
        createTrainer: (experiment, options) => this.createTrainer(experiment, options),
        onEvent: (e) => this.onEvent(e),
      }).catch((e: unknown) => {
        // A model too big for the adapter's buffers is the experiment's fault: exit 2.
        throw e instanceof RunRefusedError ? new UserError(EXIT.invalid, e.issues) : e;
      });
      trainer = run.trainer;
      this.printSummary(run.experiment, trainer, run.split);
      if (source.initFrom) await this.initFrom(trainer, source.initFrom);
      if (this.out && !this.options.findLr) await this.writeProject(this.out, run.experiment, trainer, run.split, source.baseDir);
      if (this.options.findLr) return await this.findLr(trainer);
      if (this.options.attack && run.split.train.task !== 'classification') {
        throw new UserError(EXIT.invalid, [{ path: 'loss', message: '--attack measures accuracy under attack, so it needs a classification task; this experiment is a regression.' }]);
      }
      return await this.train(run.experiment, trainer);
    } catch (e) {
      if (e instanceof OutDirError) {
        // A write into --out failed (a full disk, say): one sentence, exit 1.
        this.deps.stderr.write(`${printable(e.message)}\n`);
        this.out?.tryMarkIncomplete(`The run stopped: ${e.message}`);
        return EXIT.failed;
      }
      if (!(e instanceof UserError)) throw e;
      this.deps.stderr.write(`${printable(e.message)}\n`);
      this.out?.tryMarkIncomplete(`The run did not start: ${e.message}`);
      return e.code;
    } finally {
      trainer?.dispose();
      (opened as OpenedBackend | null)?.backend.dispose();
      this.out?.release();
    }
  }

  /** Resolve the source, apply the command line's overrides, validate; open --out; the budget. */
  private async resolve(): Promise<Source> {
    const { deps, options } = this;
    if (options.resume) return this.resolveResume(options.resume);
    const source = await resolveSource(options.source as string, deps.cwd);
    if (!source.ok) throw new UserError(EXIT.invalid, source.errors);
    const { raw, baseDir, origin } = source.value;
    const result = applyOverrides(raw, options);
    if (!result.experiment) throw new UserError(EXIT.invalid, result.errors);
    this.log.write(`experiment: ${printable(origin)}\n`);

    if (options.out) {
      try {
        this.out = new OutDir(options.out, deps.cwd, {
          fs: deps.outFs, warn: (m) => deps.stderr.write(`${printable(m)}\n`), mode: options.findLr ? 'lrFinder' : 'train',
        });
      } catch (e) {
        if (e instanceof OutDirError) throw new UserError(e.code === 1 ? EXIT.failed : EXIT.invalid, [{ path: '', message: e.message }]);
        throw e;
      }
    }
    // The budget before any work: the model at the batch size, the built-in data's size.
    const info = datasetInfo(result.experiment.data.dataset);
    this.checkBudget(result.experiment, info.inputShape, builtInDataSize(info.name));
    let initFrom: NamedTensor[] | null = null;
    if (options.initFrom !== null) {
      const read = await readInitFrom(options.initFrom, deps.cwd);
      if (!read.ok) throw new UserError(EXIT.invalid, [read.issue]);
      initFrom = read.tensors;
    }
    return { initFrom, raw, baseDir, validated: result, experiment: result.experiment };
  }

  /**
   * --resume DIR: DIR's experiment (with --epochs as the new total, --backend if given),
   * an experiment argument that must be the same, the folder opened to append.
   */
  private async resolveResume(dir: string): Promise<Source> {
    const { deps, options } = this;
    const folder = readResumeFolder(dir, deps.cwd);
    if (!folder.ok) throw new UserError(EXIT.invalid, folder.errors);
    const resume = folder.value;
    const result = applyOverrides(resume.raw, options);
    if (!result.experiment) throw new UserError(EXIT.invalid, result.errors);
    if (options.source !== null) {
      const given = await resolveSource(options.source, deps.cwd);
      if (!given.ok) throw new UserError(EXIT.invalid, given.errors);
      const mine = applyOverrides(given.value.raw, options);
      if (!mine.experiment) throw new UserError(EXIT.invalid, mine.errors);
      const diff = firstDifference(experimentForSaving(mine.experiment, given.value.baseDir), result.experiment);
      if (diff) {
        throw new UserError(EXIT.invalid, [{ path: diff, message: `The experiment given is not the one in ${resume.dir} (they differ at ${diff}); leave it out to resume that run.` }]);
      }
    }
    const total = checkNewTotal(resume, result.experiment, options.epochs !== null);
    if (total) throw new UserError(EXIT.invalid, [total]);
    const { step } = resume.checkpoint.state;
    try {
      this.out = new OutDir(resume.dir, deps.cwd, { fs: deps.outFs, warn: (m) => deps.stderr.write(`${printable(m)}\n`), resume: { step } });
    } catch (e) {
      if (e instanceof OutDirError) throw new UserError(e.code === 1 ? EXIT.failed : EXIT.invalid, [{ path: '', message: e.message }]);
      throw e;
    }
    this.resumeFrom = resume;
    this.log.write(`resuming ${printable(resume.dir)} from step ${step} (${result.experiment.training.epochs} epochs in all)\n`);
    const info = datasetInfo(result.experiment.data.dataset);
    this.checkBudget(result.experiment, info.inputShape, builtInDataSize(info.name));
    return { raw: resume.raw, baseDir: resume.dir, validated: result, experiment: result.experiment, initFrom: null };
  }

  private async loadData(experiment: Experiment, baseDir: string): Promise<LoadedSplit> {
    try {
      return await this.deps.loadData(experiment, baseDir, { maxCsvBytes: (this.options.maxCsvMb ?? CSV_LIMITS.maxBytes / 1e6) * 1e6 });
    } catch (e) {
      if (e instanceof DataLoadError) throw new UserError(EXIT.invalid, [{ path: e.path, message: e.message }]);
      throw e;
    }
  }

  /**
   * With the data loaded: validate a csv again with its shapes, print warnings and skipped
   * rows, check the budget with the data's real size, save the experiment.
   */
  private checkData(source: Source, split: LoadedSplit): Experiment {
    const { deps, options } = this;
    let result = source.validated;
    if (source.experiment.data.dataset === 'csv') {
      result = applyOverrides(source.raw, options, { inputShape: split.train.inputShape, numClasses: split.train.numClasses || undefined });
      if (!result.experiment) throw new UserError(EXIT.invalid, result.errors);
    }
    for (const w of [...result.warnings, ...(split.csv?.warnings ?? []).map((message) => ({ path: 'data.csv.file', message }))]) {
      deps.stderr.write(`warning: ${formatIssue(w)}\n`);
    }
    this.reportSkippedRows(split);
    // Again with the data as loaded (a CSV's size is known only now).
    const experiment = result.experiment!;
    this.checkBudget(experiment, split.train.inputShape, dataSizeOf(split));
    if (this.out) {
      this.experimentSha = this.out.writeExperiment(experimentForSaving(experiment, source.baseDir));
      // A new --epochs total changes experiment.json: the checkpoint is rewritten to match it.
      if (this.resumeFrom) this.writeCheckpoint(this.resumeFrom.checkpoint.state, experiment.seed, this.resumeFrom.stepsPerEpoch);
    }
    return experiment;
  }

  /**
   * The PyTorch project in --out before the first step: initial.safetensors (the weights
   * now), train.py and data/ (src/experiment/export). A resumed run keeps the folder's
   * initial.safetensors (the weights now are the checkpoint's) and rewrites the rest (a new
   * --epochs total changes train.py's default).
   */
  private async writeProject(out: OutDir, experiment: Experiment, trainer: CliTrainer, split: LoadedSplit, baseDir: string): Promise<void> {
    if (!this.resumeFrom) out.writeInitialWeights(await trainer.exportWeights(), { seed: String(experiment.seed), dataset: experiment.data.dataset, initial: 'true' });
    const io = this.deps.dataIo?.(baseDir) ?? nodeIo(baseDir);
    const data = await projectData(experiment, io);
    out.writeProjectFiles(scriptAndData({ experiment, inputShape: split.train.inputShape, task: split.train.task, stats: split.stats, data }));
  }

  /** A run estimated to need more than --max-memory (default 2 GiB) is refused, on any backend. */
  private checkBudget(experiment: Experiment, inputShape: number[] | null, data: DataSize | null): void {
    if (!inputShape) return; // a CSV: checked once its file is loaded
    const mb = this.options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    const issue = checkBudget(inferShapes(inputShape, experiment.model.layers), experiment, data, mb * 2 ** 20, `raise --max-memory (now ${mb} MB)`);
    if (issue) throw new UserError(EXIT.invalid, [issue]);
  }

  /** Rows the CSV parser skipped, by line: on stderr, and in metrics.jsonl as one record. */
  private reportSkippedRows(split: LoadedSplit): void {
    const skipped = split.csv?.errors ?? [];
    if (skipped.length === 0) return;
    const shown = skipped.slice(0, 20);
    this.deps.stderr.write(`warning: data.csv.file: ${skipped.length} row${skipped.length === 1 ? ' was' : 's were'} skipped:\n`);
    for (const e of shown) this.deps.stderr.write(`  line ${e.line}: ${printable(e.message)}\n`);
    if (skipped.length > shown.length) this.deps.stderr.write(`  … and ${skipped.length - shown.length} more (all are in metrics.jsonl)\n`);
    this.out?.appendMetric({ kind: 'csvSkipped', count: skipped.length, rows: skipped });
  }

  private async openBackend(kind: Experiment['backend']): Promise<OpenedBackend> {
    try {
      return await this.deps.openBackend(kind);
    } catch (e) {
      const fix = kind === 'webgpu' ? ' Run with --backend wasm (or cpu) to train on the CPU instead.' : '';
      throw new UserError(EXIT.failed, [{ path: '', message: `Could not open the ${kind} backend: ${(e as Error).message}${fix}` }]);
    }
  }

  private async createTrainer(experiment: Experiment, options: TrainerOptions): Promise<CliTrainer> {
    let trainer: CliTrainer;
    try {
      // metrics.jsonl gets the first 100 steps' own losses ({"kind": "step"}), read once.
      const onStepLosses = (losses: { step: number; loss: number }[]) => { for (const l of losses) this.out?.appendMetric({ kind: 'step', ...l }); };
      trainer = await this.deps.createTrainer(experiment, { ...options, onCheckpoint: (c) => this.onCheckpoint(c), onStepLosses });
    } catch (e) {
      // An error that names a spec field is about the experiment, not a bug.
      const path = (e as { path?: unknown }).path;
      if (typeof path === 'string') throw new UserError(EXIT.invalid, [{ path, message: (e as Error).message }]);
      throw e;
    }
    this.checkpointInfo = { seed: experiment.seed, stepsPerEpoch: trainer.stepsPerEpoch };
    if (this.resumeFrom) {
      try {
        await trainer.restore(this.resumeFrom.checkpoint.state);
      } catch (e) {
        trainer.dispose();
        throw new UserError(EXIT.invalid, [{ path: '', message: `--resume: the checkpoint does not fit the experiment's model: ${(e as Error).message}` }]);
      }
    }
    return trainer;
  }

  /** The trainer's latest checkpoint replaces DIR/checkpoint.safetensors. */
  private onCheckpoint(state: SavedTrainingState): void {
    if (!this.out || !this.checkpointInfo) return;
    this.writeCheckpoint(state, this.checkpointInfo.seed, this.checkpointInfo.stepsPerEpoch);
  }

  private writeCheckpoint(state: SavedTrainingState, seed: number, stepsPerEpoch: number): void {
    const metadata = { [RUNNER_METADATA.experimentSha256]: this.experimentSha, [RUNNER_METADATA.stepsPerEpoch]: String(stepsPerEpoch) };
    this.out?.writeCheckpoint(encodeCheckpoint(state, seed, metadata));
    this.lastCheckpointStep = state.step;
  }

  private printSummary(experiment: Experiment, trainer: CliTrainer, split: LoadedSplit): void {
    const { summary } = trainer;
    const epochs = experiment.training.epochs;
    if (!this.options.json && !this.options.findLr) {
      this.log.write(`\n${summaryTable(summary, experiment.model.layers, split.train.inputShape)}\n`);
      this.progress = new ProgressView(this.deps.stdout, { epochs, totalSteps: trainer.totalSteps }, this.deps.now);
    } else {
      this.log.write(`model: ${experiment.model.layers.length} layers, ${summary.totalParams.toLocaleString('en-US')} parameters${summary.frozenParams ? ` (${summary.frozenParams.toLocaleString('en-US')} frozen)` : ''}, ${si(summary.totalFlops)} FLOPs per sample\n`);
    }
    this.log.write(
      `data: ${split.train.n} training and ${split.test.n} test samples; ${plural(epochs, 'epoch')} of ${plural(trainer.stepsPerEpoch, 'step')} (batch ${experiment.training.batchSize})\n`,
    );
  }

  /** --init-from: load what matches, report it; nothing matching is the input's fault (exit 2). */
  private async initFrom(trainer: CliTrainer, tensors: NamedTensor[]): Promise<void> {
    if (!trainer.loadWeights) throw new Error('This trainer cannot load weights.');
    const file = this.options.initFrom as string;
    const report = await trainer.loadWeights(tensors);
    if (this.options.json) this.deps.stdout.write(`${initFromJsonLine(file, report)}\n`);
    else this.log.write(initFromText(printable(file), report));
    this.out?.appendMetric({ kind: 'initFrom', file, ...report });
    if (report.matched.length === 0) throw new UserError(EXIT.invalid, [{ path: '--init-from', message: nothingMatchedMessage(report) }]);
  }

  private onEvent(e: TrainEvent): void {
    this.out?.appendMetric(e);
    this.lastStep = e.step;
    if (e.kind === 'progress') this.lastProgress = { lr: e.lr, samplesPerSec: e.samplesPerSec };
    if (this.options.json) {
      if (e.kind !== 'hyper') this.deps.stdout.write(`${jsonProgressLine(e, this.lastProgress)}\n`);
    } else {
      this.progress?.onEvent(e);
    }
  }

  /** --find-lr: the range test from the initial weights; trains nothing else. */
  private async findLr(trainer: CliTrainer): Promise<number> {
    if (!trainer.findLearningRate) throw new Error('This trainer cannot run the learning-rate range test.');
    const result = await trainer.findLearningRate();
    if (this.options.json) this.deps.stdout.write(`${lrFinderJsonLine(result)}\n`);
    else this.deps.stdout.write(lrFinderTable(result));
    if (this.out) {
      this.out.writeLrFinder(lrFinderRecords(result));
      this.log.write(`wrote ${printable(this.out.dir)}\n`);
    }
    return EXIT.done;
  }

  /** --attack: the final model's test accuracy under the attack at each --epsilon. */
  private async attack(trainer: CliTrainer): Promise<void> {
    if (!trainer.robustness) throw new Error('This trainer cannot measure accuracy under attack.');
    const { attack: method, epsilons, attackSteps, attackStepSize, json } = this.options;
    const rows: RobustAccuracy[] = [];
    for (const epsilon of epsilons ?? []) {
      const attack: Attack = { method: method!, epsilon, steps: attackSteps ?? undefined, stepSize: attackStepSize ?? undefined };
      const row = await trainer.robustness(attack);
      rows.push(row);
      if (json) this.deps.stdout.write(`${attackJsonLine(row)}\n`);
    }
    if (json) return;
    const schedule = method === 'pgd' ? attackSchedule({ method, epsilon: epsilons![0], steps: attackSteps ?? undefined, stepSize: attackStepSize ?? undefined }) : null;
    const detail = schedule ? ` (${schedule.steps} steps of ${attackStepSize ?? '2.5·ε/' + schedule.steps})` : '';
    this.deps.stdout.write(attackTable(rows, detail));
  }

  private async train(experiment: Experiment, trainer: CliTrainer): Promise<number> {
    const { deps, out } = this;
    let interrupts = 0;
    const stopInterrupts = deps.onInterrupt(() => {
      interrupts++;
      if (interrupts === 1) {
        this.progress?.finish();
        deps.stderr.write('Interrupted: stopping after the current step (press Ctrl-C again to quit at once).\n');
        trainer.pause();
      } else {
        out?.tryMarkIncomplete('Interrupted (SIGINT, twice): the process quit at once; weights were not saved.');
        deps.exit(EXIT.interrupted);
      }
    });
    let final: FinalMetrics | null;
    try {
      final = await trainer.run();
    } catch (e) {
      this.progress?.finish();
      if (e instanceof NonFiniteError) {
        const message = nonFiniteMessage(e);
        deps.stderr.write(`${message}\n`);
        if (out) {
          // The guard kept the weights of the last good step: they are worth keeping, and the
          // checkpoint holds that step's whole state, for --resume.
          const good = this.lastCheckpointStep === null ? '' : ` checkpoint.safetensors holds the last good state (step ${this.lastCheckpointStep}) for --resume.`;
          out.writeWeights(await trainer.exportWeights(), { seed: String(experiment.seed), dataset: experiment.data.dataset, incomplete: 'true', lastGoodStep: String(e.step - 1) });
          out.markIncomplete(`${message} weights.safetensors holds the weights after step ${e.step - 1}, the last good one; metrics.jsonl the metrics so far.${good}`);
        }
        return EXIT.nonFinite;
      }
      if (e instanceof GpuFaultError) {
        deps.stderr.write(`${printable(e.message)}\n`);
        out?.tryMarkIncomplete(e.message);
        return EXIT.failed;
      }
      out?.tryMarkIncomplete(`The run failed with an internal error: ${(e as Error).message ?? String(e)}`);
      throw e;
    } finally {
      stopInterrupts();
    }
    this.progress?.finish();
    const metadata = { seed: String(experiment.seed), dataset: experiment.data.dataset, experiment: JSON.stringify(experiment) };
    if (interrupts > 0 || !final) {
      const why = interrupts > 0 ? 'Interrupted (SIGINT)' : 'The trainer stopped without final metrics';
      const reason = `${why} at step ${this.lastStep} of ${trainer.totalSteps}.`;
      if (out) {
        out.writeWeights(await trainer.exportWeights(), { ...metadata, incomplete: 'true' });
        out.markIncomplete(`${reason} weights.safetensors holds the weights at that point; continue with npm run train -- --resume ${out.dir}`);
      }
      deps.stderr.write(`${reason}\n`);
      return interrupts > 0 ? EXIT.interrupted : EXIT.failed;
    }
    if (!this.options.json) deps.stdout.write(finalText(final));
    if (this.options.attack) await this.attack(trainer);
    if (this.options.json) deps.stdout.write(`${jsonFinalLine(final)}\n`);
    if (out) {
      out.appendMetric(final);
      out.writeWeights(await trainer.exportWeights(), metadata);
      out.markComplete();
      this.log.write(`wrote ${printable(out.dir)}\n`);
    }
    return EXIT.done;
  }

}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The trainer's sentence, completed with the step and the layer when it lacks them. */
function nonFiniteMessage(e: NonFiniteError): string {
  let message = e.message.trim();
  if (!/^Training stopped/.test(message)) {
    message = `Training stopped at step ${e.step}: ${message.replace(/\.?$/, '.')}`;
    if (e.layer && !message.includes(e.layer)) message += ` The first non-finite value appeared in ${e.layer}.`;
    message += ' Try a lower optimizer.lr or set training.clipGradNorm.';
  }
  return message;
}

function internalError(deps: CliDeps, e: unknown): number {
  const text = e instanceof Error ? e.stack ?? e.message : String(e);
  deps.stderr.write(`Internal error (a bug; please report it with the command you ran):\n${printable(text)}\n`);
  return EXIT.failed;
}

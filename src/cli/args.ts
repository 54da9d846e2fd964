// Command-line arguments of `npm run train -- <experiment> [options]` (a FIXED contract:
// shared/DESIGN.md, "Headless runner"). Parsing only; nothing here touches files.
import { BACKENDS, type Backend } from '../spec/enums';

export interface CliOptions {
  /** An experiment file, a share link (full URL or its `#e=...` part) or a preset name. */
  source: string | null;
  json: boolean;
  backend: Backend | null;
  epochs: number | null;
  out: string | null;
  /** A --out folder to continue from its checkpoint.safetensors (the experiment is then optional). */
  resume: string | null;
  /** Memory budget in MiB (--max-memory; default DEFAULT_MAX_MEMORY_MB). */
  maxMemoryMb: number | null;
  /** Largest CSV file in MB (--max-csv-mb; default 100). */
  maxCsvMb: number | null;
  /** --init-from FILE: a safetensors file whose matching tensors load before training. */
  initFrom: string | null;
  /** --find-lr: run the learning-rate range test instead of training. */
  findLr: boolean;
  /** --attack: after training, accuracy on the test set under this attack at each --epsilon. */
  attack: 'fgsm' | 'pgd' | null;
  epsilons: number[] | null;
  /** --steps and --step-size (PGD; defaults in src/train/adversarial.ts). */
  attackSteps: number | null;
  attackStepSize: number | null;
  listPresets: boolean;
  help: boolean;
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; error: string };

export const USAGE = `Usage: npm run train -- <experiment.json | share link | preset name> [options]
       npm run train -- --resume DIR [--epochs N] [options]

Trains one experiment headless and prints its metrics.

  <experiment.json>     an experiment file (relative CSV paths resolve from its folder)
  <share link>          a playground link, or just its "#e=..." part (quote it in the shell)
  <preset name>         a built-in experiment, e.g. spiral (see --list-presets)

Options:
  --json                stdout carries only JSON, one object per line; the last has "final": true
  --backend webgpu|cpu|wasm
                        override the experiment's backend (wasm: the CPU backend with
                        WebAssembly SIMD kernels; cpu: the exact TypeScript reference)
  --epochs N            override training.epochs (with --resume: the new total, above the
                        epochs already done; the schedule follows the new total from there)
  --out DIR             write experiment.json, metrics.jsonl, weights.safetensors and
                        checkpoint.safetensors (the latest, for --resume) to DIR (and
                        INCOMPLETE, with the reason, when the run does not finish)
  --resume DIR          continue the run in DIR (an --out folder) from its checkpoint; an
                        experiment given as well must be the one in DIR
  --init-from FILE      load the weights of a safetensors file (weights.safetensors, a page
                        download, train.py --save) before training: tensors whose name and
                        shape match load, the rest keep their initial values (a report says
                        which); exit 2 when none matches
  --max-memory MB       refuse runs estimated to need more memory (default 2048)
  --max-csv-mb MB       refuse CSV files larger than this (default 100)
  --find-lr             run the learning-rate range test (1e-7 to 10 over 100 steps) from the
                        initial weights, print the smoothed loss per learning rate and the
                        suggestion, and train nothing; with --out, writes only lr-finder.jsonl
  --attack fgsm|pgd     after training, measure test accuracy under this attack (untargeted,
                        on the final model in evaluation mode); with --json, one line
                        {"attack", "epsilon", "cleanAccuracy", "robustAccuracy"} per ε before
                        the final line
  --epsilon E[,E...]    the attack's radius (L∞): raw pixels scaled to [0, 1] for images,
                        normalised feature units otherwise; several values, comma-separated
  --steps K             PGD iterations (default 10)
  --step-size A         PGD step, in the units of ε (default 2.5·ε/K)
  --list-presets        list the built-in experiments
  -h, --help            show this help

Exit codes: 0 done, 2 invalid experiment or input, 3 stopped by NaN/Inf, 130 interrupted.
`;

const HELP_HINT = 'Run `npm run train -- --help` for the options.';

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = {
    source: null, json: false, backend: null, epochs: null, out: null, resume: null, initFrom: null, maxMemoryMb: null, maxCsvMb: null, findLr: false, attack: null, epsilons: null, attackSteps: null, attackStepSize: null, listPresets: false, help: false,
  };
  const fail = (error: string): ParsedArgs => ({ ok: false, error });
  const args = [...argv];
  // NOTE: npm and vite-node may pass the `--` separator through.
  while (args[0] === '--') args.shift();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      if (options.source !== null) return fail(`Give one experiment; got both '${options.source}' and '${arg}'. Quote a share link so the shell keeps it in one piece.`);
      options.source = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | null => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return null;
      i++;
      return next;
    };
    const flag = (): ParsedArgs | null => (inline !== undefined ? fail(`${name} takes no value. ${HELP_HINT}`) : null);
    switch (name) {
      case '--json': { const f = flag(); if (f) return f; options.json = true; break; }
      case '--find-lr': { const f = flag(); if (f) return f; options.findLr = true; break; }
      case '--list-presets': { const f = flag(); if (f) return f; options.listPresets = true; break; }
      case '-h':
      case '--help': { const f = flag(); if (f) return f; options.help = true; break; }
      case '--backend': {
        const v = value();
        if (!BACKENDS.includes(v as Backend)) return fail(`--backend must be webgpu, cpu or wasm; got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.backend = v as Backend;
        break;
      }
      case '--epochs': {
        const v = value();
        const n = v !== null && /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 10000)) return fail(`--epochs must be a whole number from 1 to 10000; got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.epochs = n;
        break;
      }
      case '--out': {
        const v = value();
        if (!v) return fail('--out needs a folder, e.g. --out runs/spiral.');
        options.out = v;
        break;
      }
      case '--resume': {
        const v = value();
        if (!v) return fail('--resume needs the folder of an earlier run, e.g. --resume runs/spiral.');
        options.resume = v;
        break;
      }
      case '--init-from': {
        const v = value();
        if (!v) return fail('--init-from needs a weights file, e.g. --init-from runs/mnist/weights.safetensors.');
        options.initFrom = v;
        break;
      }
      case '--max-memory':
      case '--max-csv-mb': {
        const v = value();
        const n = v !== null && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 1_048_576)) return fail(`${name} must be a number of megabytes from 1 to 1048576; got ${v === null ? 'nothing' : `'${v}'`}.`);
        if (name === '--max-memory') options.maxMemoryMb = n;
        else options.maxCsvMb = n;
        break;
      }
      case '--attack': {
        const v = value();
        if (v !== 'fgsm' && v !== 'pgd') return fail(`--attack must be fgsm or pgd; got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.attack = v;
        break;
      }
      case '--epsilon': {
        const v = value();
        const list = v === null ? [] : v.split(',').map((e) => (/^\d*\.?\d+(e-?\d+)?$/.test(e.trim()) ? Number(e) : NaN));
        if (!list.length || list.some((e) => !(e >= 0 && e <= 10))) return fail(`--epsilon must be one or more numbers from 0 to 10, comma-separated (0,0.05,0.1); got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.epsilons = list;
        break;
      }
      case '--steps': {
        const v = value();
        const n = v !== null && /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 1000)) return fail(`--steps must be a whole number from 1 to 1000; got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.attackSteps = n;
        break;
      }
      case '--step-size': {
        const v = value();
        const n = v !== null && /^\d*\.?\d+(e-?\d+)?$/.test(v) ? Number(v) : NaN;
        if (!(n > 0 && n <= 10)) return fail(`--step-size must be a number above 0 and at most 10; got ${v === null ? 'nothing' : `'${v}'`}.`);
        options.attackStepSize = n;
        break;
      }
      default:
        return fail(`Unknown option ${name}. ${HELP_HINT}`);
    }
  }
  if (options.resume !== null && options.out !== null) {
    return fail('--resume continues into its own folder; leave out --out.');
  }
  if (options.resume !== null && options.initFrom !== null) {
    return fail('--resume continues from the checkpoint\'s weights; --init-from is for a new run. Give one of them.');
  }
  if (options.resume !== null && options.findLr) {
    return fail('--find-lr trains nothing, so there is nothing to resume; give one of --find-lr and --resume.');
  }
  if (options.source === null && options.resume === null && !options.help && !options.listPresets) {
    return fail('Give an experiment to train: a file, a share link or a preset name (see `npm run train -- --list-presets`).');
  }
  if ((options.attack === null) !== (options.epsilons === null)) return fail('--attack and --epsilon go together: e.g. --attack fgsm --epsilon 0,0.05,0.1.');
  if (options.attack === null && (options.attackSteps !== null || options.attackStepSize !== null)) return fail('--steps and --step-size are for --attack pgd.');
  if (options.attack && options.findLr) return fail('--attack measures a trained model; --find-lr trains nothing. Give one of them.');
  return { ok: true, options };
}

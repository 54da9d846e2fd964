// The autograd tape. Each op that has an input requiring a gradient records a node with
// its backward rule (ops keep forward and backward side by side: see src/engine/ops/).
// `backward` walks the nodes reachable from the output in reverse topological order,
// accumulating gradients for tensors used more than once.
import { Tensor } from './tensor';

export interface TapeNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  /** Given d(out), returns d(input) for each input (null where none is needed). */
  readonly backward: (dy: Tensor) => (Tensor | null)[];
}

let gradEnabled = true;

/** Runs fn without recording (inference, evaluation, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Records `output = op(inputs)` when any input requires a gradient. Returns output. */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, backward: TapeNode['backward']): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.creator = { op, inputs, output, backward };
  }
  return output;
}

/** Marks a tensor as a trainable leaf. */
export function param(t: Tensor, name = ''): Tensor {
  t.requiresGrad = true;
  if (name) t.name = name;
  return t;
}

/**
 * Back-propagates from `output` (d(output) = `seed`, default ones) and returns the
 * gradient of every leaf that requires one. Leaf gradients are also set as `.grad`
 * (replacing, not accumulating, so each step starts clean). Intermediate gradients are
 * disposed as soon as they are consumed; call inside `tidy` to free the rest.
 */
export function backward(output: Tensor, seed?: Tensor): Map<Tensor, Tensor> {
  const backend = output.backend;
  const order = topoOrder(output);
  const grads = new Map<Tensor, Tensor>();
  // Gradients may alias (a backward rule can return dy itself or a view of it), so storage
  // is reference-counted by its root and freed when the last gradient using it is consumed.
  const refs = new Map<Tensor, number>();
  const rootOf = (t: Tensor) => t.base ?? t;
  const addRef = (t: Tensor) => refs.set(rootOf(t), (refs.get(rootOf(t)) ?? 0) + 1);
  const unref = (t: Tensor) => {
    const r = rootOf(t);
    const n = (refs.get(r) ?? 1) - 1;
    if (n > 0) return refs.set(r, n);
    refs.delete(r);
    if (r !== seed && r !== seed?.base) r.dispose();
  };
  const start = seed ?? backend.fill(output.shape, 1);
  grads.set(output, start);
  addRef(start);
  const leaves = new Map<Tensor, Tensor>();
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const dy = grads.get(t);
    if (!dy) continue;
    const node = t.creator;
    if (!node) {
      leaves.set(t, dy);
      t.grad = dy;
      continue;
    }
    grads.delete(t);
    const dxs = noGrad(() => node.backward(dy));
    node.inputs.forEach((x, k) => {
      const dx = dxs[k];
      if (!dx) return;
      if (!x.requiresGrad) {
        if (rootOf(dx) !== rootOf(dy) && !refs.has(rootOf(dx))) dx.dispose();
        return;
      }
      addRef(dx);
      const prev = grads.get(x);
      if (!prev) return grads.set(x, dx);
      const sum = noGrad(() => backend.binary('add', prev, dx));
      addRef(sum);
      grads.set(x, sum);
      unref(prev);
      unref(dx);
    });
    unref(dy);
  }
  return leaves;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: deep models must not overflow the JS stack.
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, k] = top;
    const inputs = t.creator?.inputs ?? [];
    if (k < inputs.length) {
      top[1]++;
      const x = inputs[k];
      if (x.requiresGrad && !seen.has(x)) {
        seen.add(x);
        stack.push([x, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

export { Tensor };

/**
 * d(loss)/d(x) alone: runs `lossOf(x)` with `x` as a leaf that records gradients and the
 * tensors in `frozen` (a model's parameters) recording none while it runs, so the backward
 * pass computes the input gradient of every layer but no weight gradient. `x` must be a
 * leaf (no creator): a batch as gathered, or an adversarial example made under noGrad.
 * Returns the loss and the gradient (x's shape); call inside `tidy`.
 */
export function inputGradient(x: Tensor, frozen: readonly Tensor[], lossOf: (x: Tensor) => Tensor): { loss: Tensor; grad: Tensor } {
  if (x.creator) throw new Error('inputGradient needs a leaf tensor (one no op created while recording).');
  const wasFrozen = frozen.map((t) => t.requiresGrad);
  const xWas = x.requiresGrad;
  const prevGrad = gradEnabled;
  frozen.forEach((t) => (t.requiresGrad = false));
  x.requiresGrad = true;
  gradEnabled = true;
  try {
    const loss = lossOf(x);
    const grads = backward(loss);
    // The backward rule of the first op may skip x when nothing depends on it.
    const grad = grads.get(x) ?? x.backend.zeros(x.shape);
    x.grad = null;
    return { loss, grad };
  } finally {
    gradEnabled = prevGrad;
    x.requiresGrad = xWas;
    frozen.forEach((t, i) => (t.requiresGrad = wasFrozen[i]));
  }
}

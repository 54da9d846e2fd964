import { expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';

/** Collects console errors and uncaught page errors; assert it is empty at the end. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens the app and waits until the GPU adapter is named in the header. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'WebGPU Training Playground' })).toBeVisible();
  await expect(page.getByLabel('GPU adapter')).not.toContainText('Looking for a GPU', { timeout: 30_000 });
}

export async function choosePreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('menuitem', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  // A preset replaces the whole experiment, so the page asks first.
  await page.getByRole('alertdialog', { name: 'Replace the experiment?' }).getByRole('button', { name: 'Replace' }).click();
}

export const SCREENSHOTS = 'docs/screenshots';

export async function setNumber(page: Page, name: string, value: number): Promise<void> {
  await page.getByRole('spinbutton', { name, exact: true }).fill(String(value));
}

interface RunSnapshot {
  status: string;
  progress: { step: number; trainLoss: number }[];
  evals: { step: number; testLoss: number; testAccuracy?: number; testMse?: number; trainAccuracy?: number }[];
  health: { layer: string; gradNorm: number; updateRatio: number; flag: string }[];
  final: { steps: number; testLoss: number; testAccuracy?: number; testMse?: number } | null;
}

/** The run's metrics as the worker reported them (the page must be opened with `?testHooks`). */
export async function runMetrics(page: Page): Promise<RunSnapshot> {
  return page.evaluate(() => (window as unknown as { playgroundTest: { run(): RunSnapshot } }).playgroundTest.run());
}

/** `shown` is `value` printed with `digits` significant digits (or as an exponent with 3). */
function expectShown(shown: string, value: number, digits: number, what: string): void {
  const n = Number(shown.replace(/,/g, ''));
  expect(Number.isFinite(n), `${what}: "${shown}"`).toBe(true);
  const tolerance = Math.abs(value) * 0.5 * 10 ** (1 - Math.min(digits, 3)) + 1e-12;
  expect(Math.abs(n - value), `${what}: page shows ${shown}, the run has ${value}`).toBeLessThanOrEqual(tolerance);
}

/**
 * The numbers on the page are the run's numbers: the loss and accuracy summaries and the
 * gradient-health table against the metrics the worker reported.
 */
export async function expectPageShowsRun(page: Page, regression = false): Promise<RunSnapshot> {
  const run = await runMetrics(page);
  const lastTrain = run.progress.at(-1)!;
  const lastEval = run.evals.at(-1)!;
  expect(lastTrain, 'a progress point').toBeTruthy();
  expect(lastEval, 'an evaluation').toBeTruthy();
  const loss = (await page.getByRole('region', { name: 'Loss', exact: true }).locator('.chart-summary').textContent()) ?? '';
  const l = /^Step (\d+): train loss (\S+), test loss (\S+) \(step (\d+)\); (\d+) points\.$/.exec(loss);
  expect(l, `loss summary "${loss}"`).not.toBeNull();
  expect(Number(l![1])).toBe(lastTrain.step);
  expectShown(l![2], lastTrain.trainLoss, 4, 'train loss');
  expectShown(l![3], lastEval.testLoss, 4, 'test loss');
  expect(Number(l![4])).toBe(lastEval.step);
  expect(Number(l![5])).toBe(run.progress.length);
  const acc = (await page.getByRole('region', { name: regression ? 'Error' : 'Accuracy', exact: true }).locator('.chart-summary').textContent()) ?? '';
  if (regression) {
    const m = /^Step (\d+): test MSE (\S+)\.$/.exec(acc);
    expect(m, `error summary "${acc}"`).not.toBeNull();
    expectShown(m![2], lastEval.testMse!, 4, 'test MSE');
  } else {
    const m = /^Step (\d+): test accuracy ([\d.]+)%(?:, train ([\d.]+)%)?\.$/.exec(acc);
    expect(m, `accuracy summary "${acc}"`).not.toBeNull();
    expect(Number(m![1])).toBe(lastEval.step);
    expect(Math.abs(Number(m![2]) - lastEval.testAccuracy! * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
    if (m![3] !== undefined) expect(Math.abs(Number(m![3]) - lastEval.trainAccuracy! * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
  }
  if (run.health.length) {
    const rows = page.getByRole('table', { name: 'Gradient health' }).locator('tbody tr');
    await expect(rows).toHaveCount(run.health.length);
    for (let i = 0; i < run.health.length; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      const h = run.health[i];
      expect(cells[0]).toBe(h.layer);
      expectShown(cells[1], h.gradNorm, 3, `${h.layer} grad norm`);
      expectShown(cells[2], h.updateRatio, 3, `${h.layer} update ratio`);
    }
  }
  return run;
}

// Resume from the last good checkpoint: after a NaN/Inf stop (with a lower learning rate),
// after a lost GPU device (by itself), and after a pause and a reload (the checkpoint kept
// with the run in IndexedDB). In each the step counter goes on from the checkpoint, not
// from 0. Deleting a run from "Run history" deletes its checkpoint too.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, runMetrics, SCREENSHOTS, setNumber, watchErrors } from './helpers';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const ready = (page: Page) => expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
const finished = (page: Page) => expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 90_000 });
const checkpointStep = async (page: Page) => (await page.evaluate(() => (window as unknown as { playgroundTest: { run(): { checkpointStep: number | null } } }).playgroundTest.run().checkpointStep));
const stepCounter = (page: Page) => page.getByLabel('Progress').getByText(/^Step \d+ \/ \d+$/);
const runEvents = (page: Page) => page.getByRole('list', { name: 'Run events' });
const history = (page: Page) => page.getByRole('list', { name: 'Run history' });

/** The steps of the checkpoints stored in IndexedDB, by run id (keys `checkpoint:<id>` of the run history's store). */
function storedCheckpoints(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => new Promise<Record<string, number>>((resolve, reject) => {
    const open = indexedDB.open('webgpu-playground');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('runs')) { db.close(); resolve({}); return; }
      const out: Record<string, number> = {};
      const cursor = db.transaction('runs').objectStore('runs').openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) { db.close(); resolve(out); return; }
        if (String(c.key).startsWith('checkpoint:')) out[String(c.key).slice('checkpoint:'.length)] = (c.value as { step: number }).step;
        c.continue();
      };
    };
  }));
}

/** The run went on from `from` to the end: progress steps rise without a restart, the loss is finite. */
async function expectContinuedFrom(page: Page, from: number, total: number): Promise<void> {
  const run = await runMetrics(page);
  const steps = run.progress.map((p) => p.step);
  steps.forEach((s, i) => { if (i > 0) expect(s, `progress point ${i}`).toBeGreaterThan(steps[i - 1]); });
  expect(steps.some((s) => s > from)).toBe(true);
  expect(run.final?.steps).toBe(total);
  expect(Number.isFinite(run.final?.testLoss)).toBe(true);
  for (const p of run.progress) expect(Number.isFinite(p.trainLoss)).toBe(true);
}

test('a diverged run resumes from its last good checkpoint with a lower learning rate', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page, '/?testHooks');
  // SGD at lr 10 after a long warmup: fine for two epochs of 50 steps, then Inf.
  await choosePreset(page, 'Plane (regression)');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await setNumber(page, 'Learning rate', 10);
  await setNumber(page, 'Warmup steps', 1000);
  await setNumber(page, 'Epochs', 6);
  await ready(page);
  await button(page, 'Train').click();
  const alert = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  await expect(alert).toContainText(/Resume continues from the last good checkpoint, after \d+ steps/, { timeout: 60_000 });
  const from = (await checkpointStep(page))!;
  expect(from).toBeGreaterThan(0);
  await setNumber(page, 'Learning rate', 0.01);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/13-resume-after-nan.png`, clip: (await page.locator('.panel-run').boundingBox())! });
  await button(page, 'Resume').click();
  // The last good step may be on the brink (weights grown over many steps): then the next
  // step overflows again and the run goes back to its last evaluation; Resume once more.
  const state = () => page.evaluate(() => (window as unknown as { playgroundTest: { run(): { status: string; checkpointStep: number | null } } }).playgroundTest.run());
  await expect.poll(async () => { const r = await state(); return r.status === 'done' || (r.status === 'error' && r.checkpointStep !== from); }, { timeout: 90_000 }).toBe(true);
  let last = from;
  if ((await state()).status === 'error') {
    last = (await checkpointStep(page))!;
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(from);
    await expect(alert).toContainText(`Resume continues from the last good checkpoint, after ${last} steps`);
    await button(page, 'Resume').click();
  }
  await finished(page);
  await expect(alert).toHaveCount(0);
  await expectContinuedFrom(page, last, 300);
  await expect(runEvents(page)).toContainText(`Back at the checkpoint of step ${from}`);
  // The run is in "Run history" once, finished (stored as diverged, then again under its id).
  await expect(history(page).getByRole('listitem')).toHaveCount(1);
  await expect(history(page).getByRole('listitem')).toContainText('finished');
  expect(errors).toEqual([]);
});

test('a lost GPU device loses nothing: a new device takes over from the last checkpoint', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Plane (regression)');
  // Long enough that the device goes mid-run (800 steps), short enough for a loaded CI machine.
  await setNumber(page, 'Epochs', 16);
  await ready(page);
  await button(page, 'Train').click();
  await expect.poll(async () => (await runMetrics(page)).evals.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const from = (await checkpointStep(page))!;
  expect(from).toBeGreaterThan(0);
  await page.evaluate(() => (window as unknown as { playgroundTest: { loseDevice(): void } }).playgroundTest.loseDevice());
  const status = page.getByRole('status').filter({ hasText: /GPU/ });
  await expect(status).toContainText('A new GPU device took over', { timeout: 60_000 });
  await expect(status).toContainText('training continues from the checkpoint');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/14-device-lost.png`, clip: (await page.locator('.panel-run').boundingBox())! });
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 200_000 });
  const run = await runMetrics(page);
  // It went back to a checkpoint at or after the one seen before the loss, and on to the end.
  const events = runEvents(page);
  await expect(events).toContainText('GPU device lost');
  const back = Number((await events.textContent())!.match(/Back at the checkpoint of step (\d+)/)![1]);
  expect(back).toBeGreaterThanOrEqual(from);
  await expectContinuedFrom(page, back, 800);
  expect(run.final?.steps).toBe(800);
  expect(back).toBeLessThan(800);
  // Only the loss itself may be logged as an error (Dawn reports the destroyed device).
  expect(errors.filter((e) => !/destroy|lost/i.test(e))).toEqual([]);
});

test('pause, reload, Resume: the run continues from its checkpoint', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Plane (regression)');
  // Long enough to pause mid-run.
  await setNumber(page, 'Epochs', 40);
  await ready(page);
  await button(page, 'Train').click();
  await expect.poll(async () => (await runMetrics(page)).evals.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await button(page, 'Pause').click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const from = (await checkpointStep(page))!;
  expect(from).toBeGreaterThan(0);
  // The checkpoint reaches IndexedDB asynchronously; wait until it is there.
  await expect.poll(async () => Object.values(await storedCheckpoints(page))).toEqual([from]);

  // The tab closes (a reload): the checkpoint stays. (The page also stores the run as stopped
  // when it is left, best effort: a write started on pagehide may not finish.)
  await page.reload();
  await openApp(page, page.url());
  await expect(page.getByText('Paused', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(stepCounter(page)).toHaveText(`Step ${from} / 2000`);
  await expect(runEvents(page)).toContainText(`Paused at step ${from}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/15-resume-after-reload.png`, clip: (await page.locator('.panel-run').boundingBox())! });
  await button(page, 'Resume').click();
  // On from the checkpoint: later steps, no restart at 0.
  await expect.poll(async () => (await runMetrics(page)).progress.at(-1)!.step, { timeout: 60_000 }).toBeGreaterThan(from + 50);
  await button(page, 'Pause').click();
  const steps = (await runMetrics(page)).progress.map((p) => p.step);
  steps.forEach((s, i) => { if (i > 0) expect(s, `progress point ${i}`).toBeGreaterThan(steps[i - 1]); });
  expect(errors).toEqual([]);
});

test('an edit that needs a new model asks first; one that keeps it pauses for Resume', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 200);
  await ready(page);
  await button(page, 'Train').click();
  await expect.poll(async () => (await runMetrics(page)).progress.length, { timeout: 60_000 }).toBeGreaterThan(2);
  // A new seed needs a new model (new initial weights): the page asks, and Undo keeps the run going.
  await setNumber(page, 'Seed', 4242);
  const prompt = page.getByRole('alertdialog', { name: 'Start a new run?' });
  await expect(prompt).toContainText('This change needs a new model');
  await expect(button(page, 'Pause')).toBeVisible();
  await prompt.getByRole('button', { name: 'Undo the change' }).click();
  await expect(prompt).toHaveCount(0);
  const before = (await runMetrics(page)).progress.at(-1)!.step;
  await expect.poll(async () => (await runMetrics(page)).progress.at(-1)!.step).toBeGreaterThan(before);
  // Clipping keeps the model: the run pauses, and Resume goes on under the new setting.
  await setNumber(page, 'Clip gradient norm', 0.5);
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const paused = (await runMetrics(page)).progress.at(-1)!.step;
  await button(page, 'Resume').click();
  await expect.poll(async () => (await runMetrics(page)).progress.at(-1)!.step).toBeGreaterThan(paused);
  // Asked again, Start a new run keeps this one in "Run history", with its checkpoint.
  await button(page, 'Pause').click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const pausedAt = (await checkpointStep(page))!;
  await setNumber(page, 'Seed', 4243);
  await prompt.getByRole('button', { name: 'Start a new run' }).click();
  await ready(page);
  const kept = history(page).getByRole('listitem');
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('stopped');
  // The checkpoint is stored with the run: under the run's id.
  const id = (await kept.getAttribute('data-run-id'))!;
  await expect.poll(() => storedCheckpoints(page)).toEqual({ [id]: pausedAt });
  // Deleting the run deletes its checkpoint from storage too.
  await kept.getByRole('button', { name: /^Delete / }).click();
  await kept.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(history(page).getByRole('listitem')).toHaveCount(0);
  await expect(page.locator('section.run-history')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await expect.poll(async () => Object.keys(await storedCheckpoints(page))).toEqual([]);
  expect(errors).toEqual([]);
});

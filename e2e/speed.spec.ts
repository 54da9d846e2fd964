// The speed views in real Chromium (WebGPU on SwiftShader unless WEBGPU_ADAPTER=hardware):
// every figure is measured by the page on this adapter; these tests check the figures are
// there, positive and consistent, not their size (SwiftShader is slow and variable).
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const num = (text: string | null) => Number((text ?? '').replace(/[,%×\s]/g, '').replace('−', '-'));
const cells = async (rows: Locator, column: number) => (await rows.locator(`td:nth-child(${column})`).allTextContents());

async function spiral(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
}

test('GPU time per kernel: sampled live from the run (GEMM among the families, shares summing to 100%), and on demand', async ({ page }) => {
  const errors = watchErrors(page);
  await spiral(page);
  const view = region(page, 'GPU time per kernel');
  await expect(view.locator('.chart-summary')).toContainText('Not measured yet');
  // Training fills it by itself: one step in every few hundred is timed kernel by kernel.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const table = view.getByRole('table', { name: 'Kernel families' });
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(view.locator('.chart-summary')).toContainText(/sampled from this run at step \d+, on WebGPU on/);
  const rows = table.locator('tbody tr');
  expect(await cells(rows, 1)).toContain('GEMM');
  const shares = (await cells(rows, 3)).map(num);
  expect(shares.every((s) => s > 0)).toBe(true);
  expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(1.5);
  await expect(view.getByRole('table', { name: 'Slowest dispatches' }).locator('tbody tr')).toHaveCount(5);
  await view.screenshot({ path: `${SCREENSHOTS}/09-kernel-times.png` });
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.count()) await pause.click();
  // On demand, on a copy of the model (the user's run stays where it was).
  await view.getByRole('button', { name: 'Measure now' }).click();
  await expect(view.locator('.chart-summary')).toContainText(/measured on a copy of the model, on WebGPU on/, { timeout: 90_000 });
  expect(Math.abs((await cells(table.locator('tbody tr'), 3)).map(num).reduce((a, b) => a + b, 0) - 100)).toBeLessThan(1.5);
  expect(errors).toEqual([]);
});

test('race: two positive samples/s figures and their ratio, naming both backends', async ({ page }) => {
  const errors = watchErrors(page);
  await spiral(page);
  const view = region(page, 'WebGPU vs CPU');
  await view.getByRole('spinbutton', { name: 'Race steps' }).fill('20');
  await view.getByRole('button', { name: 'Race WebGPU vs CPU' }).click();
  const gpu = view.getByLabel('WebGPU samples/s');
  await expect(gpu).toBeVisible({ timeout: 90_000 });
  expect(num((await gpu.textContent())!.replace('samples/s', ''))).toBeGreaterThan(0);
  expect(num((await view.getByLabel('CPU samples/s').textContent())!.replace('samples/s', ''))).toBeGreaterThan(0);
  await expect(view.locator('.chart-summary')).toContainText(/WebGPU [\d.,]+× (faster|slower).*batch \d+/);
  // The page is cross-origin isolated (e2e/isolation.spec.ts): the CPU lane uses min(cores, 4) threads.
  const threads = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 4);
  await expect(view.locator('.chart-summary')).toContainText(`the CPU backend (WebAssembly SIMD kernels, ${threads === 1 ? 'one thread' : `${threads} threads`})`);
  await view.screenshot({ path: `${SCREENSHOTS}/10-race.png` });
  expect(errors).toEqual([]);
});

test('GEMM lab at 128 and 256: every kernel checked and timed, register-tiled not slower than naive at 256', async ({ page }) => {
  const errors = watchErrors(page);
  await spiral(page);
  const view = region(page, 'GEMM lab');
  await view.getByRole('button', { name: 'Run GEMM lab' }).click();
  const rows = view.getByRole('table', { name: 'GEMM kernels' }).locator('tbody tr');
  await expect(rows).toHaveCount(6, { timeout: 110_000 });
  const gflops = await cells(rows, 4);
  expect(gflops).not.toContain('wrong result');
  expect(gflops.map(num).every((g) => g > 0)).toBe(true);
  const at256 = async (kernel: string) => num(await view.locator(`tr[data-kernel="${kernel}"][data-size="256"] td.gflops`).textContent());
  expect(await at256('register')).toBeGreaterThanOrEqual(await at256('naive'));
  await view.screenshot({ path: `${SCREENSHOTS}/11-gemm-lab.png` });
  expect(errors).toEqual([]);
});

test('batch size sweep 1 to 8 on the spiral: one row per batch with a positive samples/s', async ({ page }) => {
  const errors = watchErrors(page);
  await spiral(page);
  const view = region(page, 'Batch size sweep');
  await view.getByLabel('From batch').selectOption('1');
  await view.getByLabel('to', { exact: true }).selectOption('8');
  await view.getByRole('button', { name: 'Run batch size sweep' }).click();
  const rows = view.getByRole('table', { name: 'Batch sizes' }).locator('tbody tr');
  await expect(rows).toHaveCount(4, { timeout: 110_000 });
  expect(await cells(rows, 1)).toEqual(['1', '2', '4', '8']);
  expect((await cells(rows, 2)).map(num).every((v) => v > 0)).toBe(true);
  await view.screenshot({ path: `${SCREENSHOTS}/12-batch-sweep.png` });
  expect(errors).toEqual([]);
});

test('pressing Step three times does not change the throughput chart\'s scale', async ({ page }) => {
  const errors = watchErrors(page);
  await spiral(page);
  await setNumber(page, 'Epochs', 500);
  const view = region(page, 'Throughput');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(view.locator('.chart-summary')).toContainText('samples/s', { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await page.waitForTimeout(500); // the last batch of progress reaches the chart
  // Every axis of the region (tick labels render in their own layer, outside the axis group).
  const ticks = () => view.locator('.recharts-cartesian-axis-tick-value').allTextContents();
  const summary = await view.locator('.chart-summary').textContent();
  const before = await ticks();
  expect(before.length).toBeGreaterThan(2);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled();
    await page.waitForTimeout(400);
  }
  expect(await ticks()).toEqual(before);
  expect(await view.locator('.chart-summary').textContent()).toBe(summary);
  expect(summary).not.toMatch(/\.0*[1-9]\d{3,}/); // rounded for people: at most 3 significant digits
  expect(errors).toEqual([]);
});

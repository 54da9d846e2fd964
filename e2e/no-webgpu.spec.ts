import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { findChromium } from './chromium';
import { choosePreset, expectPageShowsRun, setNumber, watchErrors } from './helpers';

// A Chromium started without the WebGPU flags: navigator.gpu exists but grants no adapter,
// in the page AND in the training worker (coverage.spec.ts hides navigator.gpu in the page only).
test.use({ launchOptions: { executablePath: findChromium(), args: ['--no-sandbox'] } });

const train = (page: Page) => page.getByRole('button', { name: 'Train', exact: true });
const ready = (page: Page) => expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });

test('one alert offering the CPU backend (WebAssembly SIMD), and it trains in a worker without WebGPU', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?testHooks');
  const banner = page.getByRole('alert').filter({ hasText: 'WebGPU is not available in this browser.' });
  await expect(banner).toContainText('no adapter was granted');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
  await expect(page.getByRole('alert')).toHaveCount(1); // not also "The GPU stopped working"
  // The race needs both backends: disabled, with the reason as its description.
  const race = page.getByRole('button', { name: 'Race WebGPU vs CPU' });
  await expect(race).toBeDisabled();
  await expect(race).toHaveAccessibleDescription(/^No WebGPU here: /);
  await banner.getByRole('button', { name: 'Use the CPU backend (WebAssembly SIMD)' }).click();
  await expect(page.getByRole('combobox', { name: 'Backend', exact: true })).toHaveValue('wasm');
  await ready(page);
  await train(page).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
  // Cross-origin isolated (e2e/isolation.spec.ts): the GEMM ran on min(cores, 4) threads.
  const threads = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 4);
  const label = await page.evaluate(() => (window as unknown as { playgroundTest: { adapterLabel(): string | null } }).playgroundTest.adapterLabel());
  expect(label).toBe(`CPU (WebAssembly SIMD kernels, ${threads === 1 ? 'one thread' : `${threads} threads`})`);
  const run = await expectPageShowsRun(page);
  expect(run.final?.steps).toBe(50);
  expect(errors).toEqual([]);
});

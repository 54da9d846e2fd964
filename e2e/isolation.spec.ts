import { expect, test } from '@playwright/test';

// The preview server (and `npm start`) send COOP same-origin + COEP require-corp
// (vite.config.ts): the page is cross-origin isolated, so the wasm backend's GEMM may use
// workers over shared memory (src/engine/wasm/threads.ts).
test('the page is cross-origin isolated: COOP/COEP headers, SharedArrayBuffer', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

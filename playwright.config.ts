import { defineConfig } from '@playwright/test';
import { findChromium, webgpuFlags } from './e2e/chromium';

// E2E_PORT lets several checkouts run their browser tests side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

// Browser tests run the BUILT app (vite preview) in real headless Chromium with WebGPU.
// SwiftShader is slow and single-device: one worker, generous timeouts.
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: webgpuFlags() },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    // Never reuse: a stale server would test an old build.
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

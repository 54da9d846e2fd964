// Finds a Chromium for the browser tests and the benchmark: CHROMIUM_PATH, then the system
// Chromium, then Playwright's own download (`npx playwright install chromium`).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return system;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own installed.
  }
  fail('No Chromium found.');
}

function fail(why: string): never {
  // One sentence, no stack trace: this is a setup problem, not a test failure.
  console.error(
    `${why} Install one (Debian/Ubuntu: sudo apt-get install chromium; anywhere: npx playwright install chromium) or set CHROMIUM_PATH to a Chromium-based browser.`,
  );
  process.exit(1);
}

/** Flags that give headless Chromium WebGPU, on SwiftShader when there is no GPU. */
export function webgpuFlags(): string[] {
  const software = process.env.WEBGPU_ADAPTER !== 'hardware';
  return [
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    ...(software
      ? ['--use-webgpu-adapter=swiftshader', '--use-vulkan=swiftshader', '--use-angle=swiftshader', '--disable-vulkan-surface']
      : []),
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}

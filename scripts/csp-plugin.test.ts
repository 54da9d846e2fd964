import { describe, expect, test } from 'vitest';
import type { HtmlTagDescriptor, IndexHtmlTransformContext } from 'vite';
import { CSP_DEV, CSP_HEADER, CSP_META, contentSecurityPolicy } from './csp-plugin';

const parse = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => { const [name, ...sources] = d.split(' '); return [name, sources]; }));

describe('the page\'s Content-Security-Policy', () => {
  test('the built policy is strict: own origin only, no eval, no inline script or style, no plugins, no <base>', () => {
    const p = parse(CSP_META);
    expect(p['default-src']).toEqual(["'self'"]);
    // Compiling WebAssembly (the wasm backend) and nothing more: no 'unsafe-eval'.
    expect(p['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(p['style-src']).toEqual(["'self'"]);
    expect(p['connect-src']).toEqual(["'self'"]);
    expect(p['worker-src']).toEqual(["'self'"]);
    expect(p['img-src']).toEqual(["'self'"]);
    expect(p['object-src']).toEqual(["'none'"]);
    expect(p['base-uri']).toEqual(["'none'"]);
    expect(CSP_META.replace(" 'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|blob:|data:|\*|frame-ancestors/);
  });

  test('the preview header is the same policy plus frame-ancestors (which a <meta> cannot carry)', () => {
    expect(CSP_HEADER).toBe(`${CSP_META}; frame-ancestors 'none'`);
  });

  test('the dev server adds only what hot reload needs', () => {
    const dev = parse(CSP_DEV);
    const built = parse(CSP_META);
    expect(dev['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['connect-src']).toEqual(["'self'", 'ws:']);
    for (const name of Object.keys(built).filter((n) => !['script-src', 'style-src', 'connect-src'].includes(n))) expect(dev[name]).toEqual(built[name]);
    expect(CSP_DEV).not.toContain("'unsafe-eval'");
  });

  test('the build writes it first into <head>; the dev server sends a header instead', () => {
    const plugin = contentSecurityPolicy();
    const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: Partial<IndexHtmlTransformContext>) => HtmlTagDescriptor[] };
    expect(hook.handler('<html></html>', { path: '/index.html', filename: 'index.html' })).toEqual([
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
    ]);
    expect(hook.handler('<html></html>', { path: '/index.html', filename: 'index.html', server: {} as IndexHtmlTransformContext['server'] })).toEqual([]);
  });

  test('preview and dev servers set the header on every response', () => {
    const plugin = contentSecurityPolicy();
    for (const [hook, expected] of [[plugin.configurePreviewServer, CSP_HEADER], [plugin.configureServer, CSP_DEV]] as const) {
      let middleware: ((req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => void) | undefined;
      (hook as (server: unknown) => void)({ middlewares: { use: (m: typeof middleware) => { middleware = m; } } });
      const headers: Record<string, string> = {};
      let called = false;
      middleware!({}, { setHeader: (n, v) => { headers[n] = v; } }, () => { called = true; });
      expect(headers).toEqual({ 'Content-Security-Policy': expected });
      expect(called).toBe(true);
    }
  });
});

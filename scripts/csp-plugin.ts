// The page's Content-Security-Policy, as a small Vite plugin:
// - `vite build` writes it into index.html as <meta http-equiv="Content-Security-Policy">,
//   so any static host serves the page with it;
// - `vite preview` also sends it as a header (plus frame-ancestors, which only a header can carry);
// - the dev server sends a looser one with exactly what hot reload needs.
//
// Why each source is allowed (everything else is the app's own origin or nothing):
// - scripts: the bundle and the worker chunk from 'self'. No 'unsafe-eval', no inline script.
//   'wasm-unsafe-eval' lets the wasm backend compile its kernels (src/engine/wasm, bytes
//   bundled in the worker chunk, never fetched); it permits compiling WebAssembly and
//   nothing else (no eval, no new Function).
// - styles: one stylesheet from 'self'. React and Recharts set styles through the CSSOM
//   (element.style), which CSP does not restrict, so no 'unsafe-inline' (the e2e test
//   e2e/csp.spec.ts sees no violation).
// - connect: the built-in data files from 'self'. A share link never makes the page talk to
//   another server: a CSV it names is only a name (src/data/page-io.ts).
// - workers: the training worker is a chunk from 'self', not a blob.
import type { Plugin } from 'vite';

type Directives = Record<string, readonly string[]>;

/** The built page's policy (meta and preview header). */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/** On top of the built policy, only in a header: a <meta> policy may not carry these (Chromium warns). */
const HEADER_ONLY: Directives = { 'frame-ancestors': ["'none'"] };

/**
 * The dev server's additions, for hot reload only: @vitejs/plugin-react's inline React
 * Refresh preamble, CSS injected as <style> elements, and the HMR websocket.
 */
const DEV_EXTRA: Directives = {
  'script-src': ["'unsafe-inline'"],
  'style-src': ["'unsafe-inline'"],
  'connect-src': ['ws:'],
};

export function serializeCsp(directives: Directives): string {
  return Object.entries(directives).map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

function merge(base: Directives, extra: Directives): Directives {
  const out: Record<string, readonly string[]> = { ...base };
  for (const [name, sources] of Object.entries(extra)) out[name] = [...(out[name] ?? []), ...sources];
  return out;
}

export const CSP_META = serializeCsp(CSP_DIRECTIVES);
export const CSP_HEADER = serializeCsp(merge(CSP_DIRECTIVES, HEADER_ONLY));
export const CSP_DEV = serializeCsp(merge(CSP_DIRECTIVES, DEV_EXTRA));

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'playground-csp',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.server) return []; // the dev server sends its policy as a header
        // First in <head>: a meta policy covers only what comes after it.
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }];
      },
    },
    configureServer(server) {
      server.middlewares.use((_req, res, next) => { res.setHeader('Content-Security-Policy', CSP_DEV); next(); });
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => { res.setHeader('Content-Security-Policy', CSP_HEADER); next(); });
    },
  };
}

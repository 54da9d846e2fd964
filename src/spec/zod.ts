// zod for the spec, set up once. The page's Content-Security-Policy forbids eval, and zod's
// JIT probes `new Function("")` when its first object schema is built: Chromium reports
// that as a CSP violation even though zod catches the error. Without the JIT zod parses
// the same way (same results, same key order), only without generated code.
// Every spec module imports zod from here, so the setting precedes any schema.
import * as z from 'zod';

z.config({ jitless: true });

export { z };

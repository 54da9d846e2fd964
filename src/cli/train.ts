// Entry of `npm run train -- ...` (vite-node). See docs/cli.md and run.ts.
import { runCli } from './run';

// NOTE: top-level await: vite-node closes its module server once this module has
// evaluated, and the engine is imported lazily after that; without the await those
// imports fail with "The server is being restarted or closed".
const code = await runCli(process.argv.slice(2));
process.exit(code);

// The commit a benchmark ran on (Node only): short SHA, "-dirty" when tracked files differ.
import { execSync } from 'node:child_process';

export function gitCommit(cwd = process.cwd()): string {
  try {
    const run = (cmd: string) => execSync(cmd, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const sha = run('git rev-parse --short HEAD');
    return run('git status --porcelain --untracked-files=no') ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

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

/**
 * Why a benchmark must not run on this commit, or null: a row is evidence only when anyone
 * can rebuild what produced it, so a tree with uncommitted changes is refused unless the
 * user passes --allow-dirty (the JSON then records the "-dirty" commit).
 */
export function dirtyRefusal(commit: string, allowDirty: boolean): string | null {
  if (allowDirty || !commit.endsWith('-dirty')) return null;
  return `The working tree has uncommitted changes (${commit}): a benchmark row must be reproducible from its commit. Commit first, or pass --allow-dirty (the JSON then records "${commit}").`;
}

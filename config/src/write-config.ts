import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import { loadConfigFile } from './load.js';
import { formatProblems } from './problems.js';
import { MAX_CONFIG_BYTES } from './read-text.js';
import type { ConfigKind } from './validate.js';

interface WriteFailure {
  /** 'too-big': the file the agent and centre would refuse for its size. */
  kind: 'too-big' | 'invalid' | 'unwritable';
  /** What went wrong and how to fix it, ready to print; it says nothing was written. */
  message: string;
}

function unwritable(path: string, error: unknown): WriteFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(path);
  const why =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `the folder ${folder} does not exist: create it (mkdir -p ${folder}) or name another file`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `this user may not write in ${folder}: check its permissions (ls -ld ${folder}) or run as the user that owns it`
        : code === 'ENOSPC'
          ? 'the disk is full: free some space and try again'
          : code === 'EISDIR'
            ? `${path} is a folder: name the JSON file itself`
            : `the system refused (${code ?? String(error)})`;
  return { kind: 'unwritable', message: `Nothing written: cannot write ${path}; ${why}.` };
}

/** Best effort: the failure that led here is what the technician needs to hear of. */
function discard(temporary: string): void {
  try {
    rmSync(temporary, { force: true });
  } catch {
    // Not ours to remove (a folder of that name), or already gone.
  }
}

/** The permissions of the file being replaced, so a rewrite keeps who may read it. */
function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` as a `kind` file at `path` whole or not at all: into a temporary file beside
 * it, checked as the agent and the centre will read it, then renamed over it, so a crash, a
 * full disk or a bad result never leaves half a file or one they would refuse.
 */
export function writeConfigFile(
  kind: ConfigKind,
  path: string,
  data: unknown,
): Result<void, WriteFailure> {
  const text = `${JSON.stringify(data, null, 2)}\n`;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_CONFIG_BYTES) {
    return err({
      kind: 'too-big',
      message: `Nothing written: ${path} would be ${bytes} bytes, more than the ${MAX_CONFIG_BYTES} bytes (1 MiB) a configuration file may have, so it would be refused.`,
    });
  }
  const temporary = `${path}.${process.pid}.tmp`;
  const mode = modeOf(path);
  try {
    // Synced before the rename, so a power cut leaves the old file or the new one.
    const fd = openSync(temporary, 'w', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const checked = loadConfigFile(kind, temporary);
    if (!checked.ok) {
      discard(temporary);
      const problems = checked.error.map((problem) => ({ ...problem, file: path }));
      return err({
        kind: 'invalid',
        message: `Nothing written: the result would be invalid.\n\n${formatProblems(problems)}`,
      });
    }
    renameSync(temporary, path);
  } catch (error) {
    discard(temporary);
    return err(unwritable(path, error));
  }
  return ok(undefined);
}

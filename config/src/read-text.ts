import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Result, ok, err } from '@bianmin/common';
import { CONFIG_DIR_ENV } from './config-dir.js';
import { type ConfigProblem, WHOLE_FILE } from './problems.js';
import { positionAt } from './text-position.js';
import type { ConfigKind } from './validate.js';

/**
 * Reads a configuration file as text, refusing anything that is not a modest UTF-8 text
 * file with a message instead of an exception, a hang or minutes of parsing: a technician
 * may point the folder at the wrong place, or an editor may save in another encoding.
 */

/** The largest real configuration file is a few KiB; a MiB is room for any region list. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const SAVE_AS_UTF8 =
  'save the file again choosing the encoding "UTF-8" (in Notepad: Save As, Encoding, UTF-8)';

type FileFailure = Omit<ConfigProblem, 'file' | 'path'>;

function openProblem(file: string, kind: ConfigKind, error: unknown): FileFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return {
      found: 'missing',
      expected: `a ${kind} configuration file at this path: copy config/defaults/${kind}.json here and edit it, or point ${CONFIG_DIR_ENV} at the folder that holds it`,
    };
  }
  return {
    found: `unreadable (${code ?? String(error)})`,
    expected:
      'a file the service user can read: check its permissions (ls -l) and owner, e.g. chmod 644',
  };
}

function readAtMost(file: string, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, limit - length, null);
      if (read === 0 || length + read === limit) return buffer.subarray(0, length + read);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** The line and column of byte `index`, counting the characters before it. */
function at(bytes: Buffer, index: number) {
  const before = bytes.subarray(0, index).toString('utf8');
  return positionAt(before, before.length);
}

function decode(bytes: Buffer, kind: ConfigKind): Result<string, FileFailure> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return err({
      found: 'text saved as UTF-16 ("Unicode")',
      expected: `UTF-8 text: ${SAVE_AS_UTF8}`,
    });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return err({
      ...at(bytes, nul),
      found: 'a NUL byte: binary data, or text saved as UTF-16 ("Unicode")',
      expected: `a UTF-8 text file: check that the path names the JSON file, or ${SAVE_AS_UTF8}`,
    });
  }
  let text: string;
  try {
    // Strips a UTF-8 byte-order mark, which Windows editors may write and JSON forbids.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = bytes.toString('utf8');
    const bad = lenient.indexOf('\uFFFD');
    return err({
      ...positionAt(lenient, Math.max(0, bad)),
      found: 'bytes that are not UTF-8 (often Chinese text saved as GBK, GB2312 or "ANSI")',
      expected: `UTF-8 text: ${SAVE_AS_UTF8}`,
    });
  }
  if (text.trim() === '') {
    return err({
      found: 'an empty file',
      expected: `a ${kind} configuration: copy config/defaults/${kind}.json here and edit it`,
    });
  }
  return ok(text);
}

/** The text of one configuration file; every way it can be unusable is a problem. */
export function readConfigText(file: string, kind: ConfigKind): Result<string, ConfigProblem> {
  const problem = (failure: FileFailure) => err({ file, path: WHOLE_FILE, ...failure });
  let size: number;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) {
      return problem({
        found: 'a folder',
        expected: `a ${kind} configuration file, not a folder: name the JSON file itself, e.g. ${join(file, `${kind}.json`)}`,
      });
    }
    // A device or pipe could block the read forever or never end.
    if (!stats.isFile()) {
      return problem({
        found: 'a device, pipe or socket',
        expected: `a ${kind} configuration file: check the path`,
      });
    }
    size = stats.size;
  } catch (error) {
    return problem(openProblem(file, kind, error));
  }
  const tooBig = (bytes: number) =>
    problem({
      found: `${bytes} bytes (${(bytes / MAX_CONFIG_BYTES).toFixed(1)} MiB)`,
      expected: `a configuration file of at most 1 MiB (${MAX_CONFIG_BYTES} bytes); real ones are a few KiB, so check that the path names the right file, or remove what does not belong`,
    });
  if (size > MAX_CONFIG_BYTES) return tooBig(size);
  let bytes: Buffer;
  try {
    bytes = readAtMost(file, MAX_CONFIG_BYTES + 1);
  } catch (error) {
    return problem(openProblem(file, kind, error));
  }
  // The file may have grown since stat.
  if (bytes.length > MAX_CONFIG_BYTES) return tooBig(bytes.length);
  const text = decode(bytes, kind);
  return text.ok ? text : problem(text.error);
}

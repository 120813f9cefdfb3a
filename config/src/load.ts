import { basename, join } from 'node:path';
import { type Result, ok, err } from '@bianmin/common';
import type { DevicesConfig } from './devices.js';
import { parseJsonText } from './json-text.js';
import { type ConfigProblem, WHOLE_FILE, formatPath, limitProblems } from './problems.js';
import { readConfigText } from './read-text.js';
import type { ServiceCatalogue } from './services.js';
import type { TerminalConfig } from './terminal.js';
import { type ConfigKind, type ConfigOf, CONFIG_KINDS, validateConfig } from './validate.js';

/** terminal*.json, devices*.json, services*.json, regions*.json. */
export function kindFromFileName(path: string): ConfigKind | undefined {
  const name = basename(path).toLowerCase();
  if (!name.endsWith('.json')) return undefined;
  return CONFIG_KINDS.find((kind) => name.startsWith(kind));
}

/**
 * Reads, parses and validates one file. A missing, unreadable, oversized, wrongly encoded
 * or malformed file is a problem too; each problem says the line and column it concerns.
 */
export function loadConfigFile<K extends ConfigKind>(
  kind: K,
  path: string,
): Result<ConfigOf<K>, ConfigProblem[]> {
  const text = readConfigText(path, kind);
  if (!text.ok) return err([text.error]);
  const parsed = parseJsonText(text.value);
  if (!parsed.ok) {
    const { kind: refusal, line, column, found, expected } = parsed.error;
    return err([
      {
        file: path,
        line,
        column,
        path: WHOLE_FILE,
        // Said in words too: not every technician reads "devices.json:4:3" as a place.
        found:
          refusal === 'syntax' ? `invalid JSON at line ${line}, column ${column}: ${found}` : found,
        expected,
      },
    ]);
  }
  const { value, problems, locate } = parsed.value;
  const textProblems = limitProblems(path, problems, ({ path: at, ...problem }) => ({
    file: path,
    ...problem,
    path: formatPath(at),
  }));
  const validated = validateConfig(kind, value, path, locate);
  if (validated.ok && textProblems.length === 0) return validated;
  return err(inReadingOrder(validated.ok ? [] : validated.error, textProblems));
}

/**
 * Slots each of `others` in before the first schema problem further down the file. The
 * schema problems keep their own order, which lists a missing key after its siblings.
 */
function inReadingOrder(
  schemaProblems: readonly ConfigProblem[],
  others: readonly ConfigProblem[],
): ConfigProblem[] {
  const merged = [...schemaProblems];
  for (const problem of others) {
    const { line = Infinity, column = Infinity } = problem;
    const after = merged.findIndex(
      (other) =>
        (other.line ?? Infinity) > line ||
        (other.line === line && (other.column ?? Infinity) > column),
    );
    merged.splice(after === -1 ? merged.length : after, 0, problem);
  }
  return merged;
}

export interface TerminalConfigSet {
  terminal: TerminalConfig;
  devices: DevicesConfig;
  services: ServiceCatalogue;
}

/** Loads the three files a terminal needs from `dir`, collecting the problems of all three. */
export function loadTerminalConfig(dir: string): Result<TerminalConfigSet, ConfigProblem[]> {
  const terminal = loadConfigFile('terminal', join(dir, 'terminal.json'));
  const devices = loadConfigFile('devices', join(dir, 'devices.json'));
  const services = loadConfigFile('services', join(dir, 'services.json'));
  if (terminal.ok && devices.ok && services.ok) {
    return ok({ terminal: terminal.value, devices: devices.value, services: services.value });
  }
  return err([terminal, devices, services].flatMap((result) => (result.ok ? [] : result.error)));
}

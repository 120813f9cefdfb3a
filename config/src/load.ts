import { basename, join } from 'node:path';
import { type Result, ok, err } from '@bianmin/common';
import { unlistedCounters } from './counter-devices.js';
import type { DevicesConfig } from './devices.js';
import { type ParsedJson, parseJsonText } from './json-text.js';
import {
  type ConfigProblem,
  WHOLE_FILE,
  formatPath,
  limitProblems,
  renderFound,
} from './problems.js';
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

/** A file as read: its configuration, its JSON as written and where each path sits in it. */
export interface LoadedFile<K extends ConfigKind> {
  config: ConfigOf<K>;
  /** The parsed JSON before defaults are filled in: what a tool editing the file writes back. */
  json: unknown;
  locate: ParsedJson['locate'];
}

/**
 * Reads, parses and validates one file. A missing, unreadable, oversized, wrongly encoded
 * or malformed file is a problem too; each problem says the line and column it concerns.
 */
export function loadLocatedConfigFile<K extends ConfigKind>(
  kind: K,
  path: string,
): Result<LoadedFile<K>, ConfigProblem[]> {
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
  if (validated.ok && textProblems.length === 0) {
    return ok({ config: validated.value, json: value, locate });
  }
  return err(inReadingOrder(validated.ok ? [] : validated.error, textProblems));
}

/** {@link loadLocatedConfigFile}, for callers that need only the configuration. */
export function loadConfigFile<K extends ConfigKind>(
  kind: K,
  path: string,
): Result<ConfigOf<K>, ConfigProblem[]> {
  const loaded = loadLocatedConfigFile(kind, path);
  return loaded.ok ? ok(loaded.value.config) : loaded;
}

/** A problem one file's value causes with another file, at that value's place in its file. */
export function problemAt(
  file: string,
  locate: ParsedJson['locate'],
  { path, input, message }: { path: (string | number)[]; input: unknown; message: string },
): ConfigProblem {
  return {
    file,
    ...locate(path).position,
    path: formatPath(path),
    found: renderFound(input),
    expected: message,
  };
}

/**
 * devices.json against services.json: a keypad or display for a counter services.json does
 * not list would never see a call, yet each file alone is valid.
 */
export function devicesAgainstServices(
  devicesFile: string,
  devices: LoadedFile<'devices'>,
  services: ServiceCatalogue,
): ConfigProblem[] {
  return unlistedCounters(
    devices.config,
    services.counters.map((c) => c.number),
  ).map((issue) => problemAt(devicesFile, devices.locate, issue));
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

/**
 * Loads the three files a terminal needs from `dir`, collecting the problems of all three and
 * those between them.
 */
export function loadTerminalConfig(dir: string): Result<TerminalConfigSet, ConfigProblem[]> {
  const terminal = loadConfigFile('terminal', join(dir, 'terminal.json'));
  const devicesFile = join(dir, 'devices.json');
  const devices = loadLocatedConfigFile('devices', devicesFile);
  const services = loadConfigFile('services', join(dir, 'services.json'));
  const between =
    devices.ok && services.ok
      ? devicesAgainstServices(devicesFile, devices.value, services.value)
      : [];
  if (terminal.ok && devices.ok && services.ok && between.length === 0) {
    return ok({
      terminal: terminal.value,
      devices: devices.value.config,
      services: services.value,
    });
  }
  return err([
    ...[terminal, devices, services].flatMap((result) => (result.ok ? [] : result.error)),
    ...between,
  ]);
}

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Result, ok, err } from '@bianmin/common';
import type { DevicesConfig } from './devices.js';
import { parseJsonText } from './json-text.js';
import { type ConfigProblem, WHOLE_FILE, formatPath } from './problems.js';
import type { ServiceCatalogue } from './services.js';
import type { TerminalConfig } from './terminal.js';
import { type ConfigKind, type ConfigOf, CONFIG_KINDS, validateConfig } from './validate.js';

export const DEFAULT_CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'defaults');

/** The environment variable a deployment sets to keep its configuration outside the repo. */
export const CONFIG_DIR_ENV = 'BIANMIN_CONFIG_DIR';

export function resolveConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[CONFIG_DIR_ENV]?.trim();
  return dir === undefined || dir === '' ? DEFAULT_CONFIG_DIR : dir;
}

/** terminal*.json, devices*.json, services*.json, regions*.json. */
export function kindFromFileName(path: string): ConfigKind | undefined {
  const name = basename(path).toLowerCase();
  if (!name.endsWith('.json')) return undefined;
  return CONFIG_KINDS.find((kind) => name.startsWith(kind));
}

function readProblem(file: string, kind: ConfigKind, error: unknown): ConfigProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return {
      file,
      path: WHOLE_FILE,
      found: 'missing',
      expected: `a ${kind} configuration file at this path: copy config/defaults/${kind}.json here and edit it, or point ${CONFIG_DIR_ENV} at the folder that holds it`,
    };
  }
  if (code === 'EISDIR') {
    return {
      file,
      path: WHOLE_FILE,
      found: 'a folder',
      expected: `a ${kind} configuration file, not a folder: name the JSON file itself, e.g. ${join(file, `${kind}.json`)}`,
    };
  }
  return {
    file,
    path: WHOLE_FILE,
    found: `unreadable (${code ?? String(error)})`,
    expected:
      'a file the service user can read: check its permissions (ls -l) and owner, e.g. chmod 644',
  };
}

/** Reads, parses and validates one file; a missing, unreadable or malformed file is a problem too. */
export function loadConfigFile<K extends ConfigKind>(
  kind: K,
  path: string,
): Result<ConfigOf<K>, ConfigProblem[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return err([readProblem(path, kind, error)]);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, found, expected } = parsed.error;
    return err([
      {
        file: path,
        path: WHOLE_FILE,
        found: `invalid JSON at line ${line}, column ${column}: ${found === 'end of file' ? found : JSON.stringify(found)}`,
        expected,
      },
    ]);
  }
  const duplicates: ConfigProblem[] = parsed.value.duplicateKeys.map((d) => ({
    file: path,
    path: formatPath(d.path),
    found: `"${d.key}" a second time at line ${d.line}, column ${d.column} (first at line ${d.first.line})`,
    expected: `each key once per object: JSON keeps only the last "${d.key}" and ignores the earlier one, so delete the copy you do not want`,
  }));
  const validated = validateConfig(kind, parsed.value.value, path);
  if (validated.ok && duplicates.length === 0) return validated;
  return err([...duplicates, ...(validated.ok ? [] : validated.error)]);
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

import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import { resolveConfigDir } from './environment.js';
import { type Result } from '@bianmin/common';
import { communityFileNames, loadCommunityFiles } from './communities-files.js';
import {
  type LoadedFile,
  devicesAgainstServices,
  kindFromFileName,
  loadConfigFile,
  loadLocatedConfigFile,
} from './load.js';
import { type ConfigProblem, formatProblems } from './problems.js';
import type { ServiceCatalogue } from './services.js';
import { CONFIG_KINDS, type ConfigKind, isConfigKind } from './validate.js';

const USAGE = `usage: npm run config:check -- [file ...] [--kind ${CONFIG_KINDS.join('|')}]

Checks configuration files and explains every problem found.
With no files, checks terminal.json, devices.json, services.json, regions.json,
communities*.json and technicians.json in
$BIANMIN_CONFIG_DIR (default: config/defaults), and that devices.json names only
counters services.json lists and no community code is in two communities*.json.
The kind of each file comes from its name (terminal*.json, devices*.json, ...);
--kind overrides it for all files given.
Exit status: 0 all valid, 1 problems found, 2 usage error.`;

interface Check {
  kind: ConfigKind;
  path: string;
  /** Skipped, not reported, when absent. */
  optional: boolean;
}

/** Paths under the current folder are shown relative, as a technician would type them. */
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown !== '' && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

function usageError(message: string): never {
  console.error(`config:check: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** The files to check and, when none are named, the folder they come from. */
interface Plan {
  dir?: string;
  checks: Check[];
}

function plan(argv: string[]): Plan {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { kind: { type: 'string', short: 'k' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  if (parsed.values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const forced = parsed.values.kind;
  if (forced !== undefined && !isConfigKind(forced)) {
    usageError(`unknown kind "${forced}"; use one of ${CONFIG_KINDS.join(', ')}`);
  }
  if (parsed.positionals.length === 0) {
    const dir = resolveConfigDir();
    const kinds = forced === undefined ? CONFIG_KINDS : [forced];
    // A terminal's own folder has no regions.json or communities.json: only the central
    // service reads them.
    // technicians.json is optional everywhere: a terminal without it has no technician mode.
    const checks = kinds.map((kind) => ({
      kind,
      path: join(dir, `${kind}.json`),
      optional:
        kind === 'technicians' ||
        ((kind === 'regions' || kind === 'communities') && dir !== DEFAULT_CONFIG_DIR),
    }));
    return { dir, checks };
  }
  const checks = parsed.positionals.map((path) => {
    const kind = forced ?? kindFromFileName(path);
    if (kind === undefined) {
      usageError(
        `cannot tell what kind of file "${path}" is: name it ${CONFIG_KINDS.map((k) => `${k}*.json`).join(', ')} or pass --kind`,
      );
    }
    return { kind, path, optional: false };
  });
  return { checks };
}

/** One file's outcome; a skipped file says why. */
interface Report {
  path: string;
  problems: ConfigProblem[];
  skipped?: string;
}

const reportOf = (path: string, result: Result<unknown, ConfigProblem[]>): Report => ({
  path,
  problems: result.ok ? [] : result.error,
});

/**
 * Every communities*.json of the folder, checked as the centre loads them: each file, and a
 * code listed in two. Without any, communities.json is checked (or skipped) like the others.
 */
function communityReports(dir: string): Report[] | undefined {
  const names = communityFileNames(dir);
  if (names.length === 0) return undefined;
  const loaded = loadCommunityFiles(dir);
  const problems = loaded.ok ? [] : loaded.error;
  return names.map((name) => {
    const path = join(dir, name);
    return { path, problems: problems.filter((p) => p.file === path) };
  });
}

const { dir, checks } = plan(process.argv.slice(2));
const reports: Report[] = [];
let devices: { path: string; loaded: Result<LoadedFile<'devices'>, ConfigProblem[]> } | undefined;
let services: Result<ServiceCatalogue, ConfigProblem[]> | undefined;
for (const { kind, path, optional } of checks) {
  const communities =
    dir !== undefined && kind === 'communities' ? communityReports(dir) : undefined;
  if (communities !== undefined) {
    reports.push(...communities);
  } else if (optional && !existsSync(path)) {
    reports.push({
      path,
      problems: [],
      skipped:
        kind === 'technicians' ? 'technician mode is off' : 'only the central service needs it',
    });
  } else if (kind === 'devices') {
    devices = { path, loaded: loadLocatedConfigFile(kind, path) };
    reports.push(reportOf(path, devices.loaded));
  } else if (kind === 'services') {
    services = loadConfigFile(kind, path);
    reports.push(reportOf(path, services));
  } else {
    reports.push(reportOf(path, loadConfigFile(kind, path)));
  }
}
// A folder is one terminal's set: its devices must name counters its services.json lists.
if (dir !== undefined && devices?.loaded.ok && services?.ok) {
  const between = devicesAgainstServices(devices.path, devices.loaded.value, services.value);
  reports.find((r) => r.path === devices?.path)?.problems.push(...between);
}

const problems: ConfigProblem[] = [];
for (const { path, problems: found, skipped } of reports) {
  const shown = displayPath(path);
  if (skipped !== undefined) console.log(`skip ${shown} (not present; ${skipped})`);
  else if (found.length === 0) console.log(`ok  ${shown}`);
  else problems.push(...found.map((problem) => ({ ...problem, file: displayPath(problem.file) })));
}
if (problems.length > 0) {
  console.log(`\n${formatProblems(problems)}`);
  process.exitCode = 1;
}

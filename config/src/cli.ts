import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import { resolveConfigDir } from './environment.js';
import { kindFromFileName, loadConfigFile } from './load.js';
import { type ConfigProblem, formatProblems } from './problems.js';
import { CONFIG_KINDS, type ConfigKind, isConfigKind } from './validate.js';

const USAGE = `usage: npm run config:check -- [file ...] [--kind ${CONFIG_KINDS.join('|')}]

Checks configuration files and explains every problem found.
With no files, checks terminal.json, devices.json, services.json, regions.json,
communities.json and technicians.json in
$BIANMIN_CONFIG_DIR (default: config/defaults).
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

function plan(argv: string[]): Check[] {
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
    return kinds.map((kind) => ({
      kind,
      path: join(dir, `${kind}.json`),
      optional:
        kind === 'technicians' ||
        ((kind === 'regions' || kind === 'communities') && dir !== DEFAULT_CONFIG_DIR),
    }));
  }
  return parsed.positionals.map((path) => {
    const kind = forced ?? kindFromFileName(path);
    if (kind === undefined) {
      usageError(
        `cannot tell what kind of file "${path}" is: name it ${CONFIG_KINDS.map((k) => `${k}*.json`).join(', ')} or pass --kind`,
      );
    }
    return { kind, path, optional: false };
  });
}

const problems: ConfigProblem[] = [];
for (const { kind, path, optional } of plan(process.argv.slice(2))) {
  const shown = displayPath(path);
  if (optional && !existsSync(path)) {
    const why =
      kind === 'technicians' ? 'technician mode is off' : 'only the central service needs it';
    console.log(`skip ${shown} (not present; ${why})`);
    continue;
  }
  const result = loadConfigFile(kind, path);
  if (result.ok) console.log(`ok  ${shown}`);
  else problems.push(...result.error.map((problem) => ({ ...problem, file: shown })));
}
if (problems.length > 0) {
  console.log(`\n${formatProblems(problems)}`);
  process.exitCode = 1;
}

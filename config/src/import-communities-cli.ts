import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfigDir } from './environment.js';
import { importCommunitiesCsv } from './import-communities.js';
import { loadConfigFile } from './load.js';
import { formatProblems } from './problems.js';
import { writeConfigFile } from './write-config.js';

const USAGE = `usage: npm run config:import-communities -- <file.csv> [--out communities.json]

Reads a CSV list of communities (a header row naming code and name, optionally kind and
street; UTF-8) and writes the communities file the central service measures coverage
over, after checking it. Default output: communities.json in $BIANMIN_CONFIG_DIR (or
config/defaults). Service hours and closures already in that file are kept.
Exit status: 0 written, 1 problems found (nothing written), 2 usage error.`;

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [csv, ...extra] = parsed.positionals;
  if (parsed.values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (csv === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const out = parsed.values.out ?? join(resolveConfigDir(), 'communities.json');
  let existing;
  if (existsSync(out)) {
    const loaded = loadConfigFile('communities', out);
    if (!loaded.ok) {
      console.error(
        `The existing ${out} is invalid; fix it (or pass another --out) first.\n\n${formatProblems(loaded.error)}`,
      );
      return 1;
    }
    existing = loaded.value;
  }
  let text;
  try {
    text = readFileSync(csv, 'utf8');
  } catch (error) {
    console.error(`cannot read ${csv}: ${(error as Error).message}`);
    return 1;
  }
  const imported = importCommunitiesCsv(text, csv, existing);
  if (!imported.ok) {
    console.error(`Nothing written.\n\n${formatProblems(imported.error)}`);
    return 1;
  }
  const written = writeConfigFile('communities', out, imported.value);
  if (!written.ok) {
    console.error(
      written.error.kind === 'too-big'
        ? `${written.error.message}\nSplit the list, one file per city: put each city's rows (codes starting with its 4 digits) in a CSV of its own and import each with --out communities-<city>.json, e.g. communities-1409.json; the centre reads every communities*.json in the folder.`
        : written.error.message,
    );
    return 1;
  }
  const urban = imported.value.communities.filter((c) => c.kind === 'urban').length;
  const total = imported.value.communities.length;
  process.stdout.write(
    `wrote ${out}: ${total} communities (${urban} urban, ${total - urban} rural)\n`,
  );
  return 0;
}

process.exitCode = main();

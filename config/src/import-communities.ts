import { parse } from 'csv-parse/sync';
import { err, ok, type Result } from '@bianmin/common';
import type { CommunitiesConfig, Community, CommunityKind } from './communities.js';
import type { ConfigProblem } from './problems.js';
import { validateConfig } from './validate.js';

/**
 * Reads the CSV list of communities planners keep (a header row, then one community a
 * row) into a communities file, keeping what the existing file says of each community
 * that the CSV cannot (its own service hours and closures).
 */

const COLUMNS = {
  code: ['code', '代码', '区划代码', '统计用区划代码'],
  name: ['name', '名称', '社区名称', '村居名称'],
  kind: ['kind', '类型', '城乡'],
  street: ['street', '街道', '乡镇', '街道/乡镇', '所属街道'],
} as const;
type Column = keyof typeof COLUMNS;

const KIND_WORDS: Record<string, CommunityKind> = {
  urban: 'urban',
  城市: 'urban',
  城镇: 'urban',
  居委会: 'urban',
  rural: 'rural',
  农村: 'rural',
  乡村: 'rural',
  村委会: 'rural',
};

/** 居民委员会 are urban communities, 村民委员会 rural (docs/coverage.md). */
export function kindFromName(name: string): CommunityKind | undefined {
  if (/(居民委员会|居委会|社区)$/.test(name)) return 'urban';
  if (/(村民委员会|村委会|村)$/.test(name)) return 'rural';
  return undefined;
}

interface Row {
  record: string[];
  info: { lines: number };
}

export function importCommunitiesCsv(
  text: string,
  file: string,
  existing: CommunitiesConfig | undefined,
): Result<CommunitiesConfig, ConfigProblem[]> {
  let rows: Row[];
  try {
    rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Row[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return err([
      {
        file,
        ...(line !== undefined && { line }),
        path: '(file)',
        found: e instanceof Error ? e.message : String(e),
        expected: 'a CSV file saved as UTF-8, fields separated by commas, quotes "…" closed',
      },
    ]);
  }
  const [header, ...body] = rows;
  const where = header ? columnsOf(header.record) : undefined;
  if (header === undefined || where?.code === undefined || where.name === undefined) {
    return err([
      {
        file,
        line: header?.info.lines ?? 1,
        column: 1,
        path: '(header)',
        found: header ? JSON.stringify(header.record.join(',')) : 'an empty file',
        expected: `a header row naming the columns: ${COLUMNS.code[0]} (or 统计用区划代码) and ${COLUMNS.name[0]} (or 名称), optionally ${COLUMNS.kind[0]} (urban/rural, 城市/农村) and ${COLUMNS.street[0]} (街道), e.g. "code,name,kind,street"`,
      },
    ]);
  }
  const previous = new Map((existing?.communities ?? []).map((c) => [c.code, c]));
  const problems: ConfigProblem[] = [];
  const lines: number[] = [];
  const communities: Community[] = [];
  for (const { record, info } of body) {
    const cell = (column: Column) => {
      const index = where[column];
      return index === undefined ? '' : (record[index] ?? '');
    };
    const code = cell('code');
    const name = cell('name');
    const kindText = cell('kind');
    const kind = kindText === '' ? kindFromName(name) : KIND_WORDS[kindText.toLowerCase()];
    if (kind === undefined) {
      problems.push({
        file,
        line: info.lines,
        path: 'kind',
        found: JSON.stringify(kindText),
        expected:
          kindText === ''
            ? `"urban" or "rural" in a kind column: the name "${name}" ends neither in 居民委员会/社区 nor in 村民委员会/村`
            : 'one of urban, rural, 城市, 农村 (urban counts towards the indicator)',
      });
      continue;
    }
    const before = previous.get(code);
    const street = cell('street') || before?.street;
    communities.push({
      ...before,
      code,
      name,
      kind,
      ...(street !== undefined && { street }),
    });
    lines.push(info.lines);
  }
  const validated = validateConfig('communities', { communities }, file);
  const schemaProblems = validated.ok
    ? []
    : validated.error.map((problem) => atCsvLine(problem, lines));
  const all = [...problems, ...schemaProblems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (all.length > 0 || !validated.ok) return err(all);
  return ok(validated.value);
}

function columnsOf(header: readonly string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const index = header.findIndex((title) =>
      (COLUMNS[column] as readonly string[]).includes(title.toLowerCase()),
    );
    if (index !== -1) found[column] = index;
  }
  return found;
}

/** 'communities[3].code' names the fourth data row: say its CSV line and column name. */
function atCsvLine(problem: ConfigProblem, lines: readonly number[]): ConfigProblem {
  const match = /^communities\[(\d+)\]\.?(.*)$/.exec(problem.path);
  const { line: _line, column: _column, ...rest } = problem;
  if (match === null) return rest;
  const line = lines[Number(match[1])];
  return { ...rest, ...(line !== undefined && { line }), path: match[2] || '(row)' };
}

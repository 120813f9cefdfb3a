import { z } from 'zod';
import { field } from './cross-field.js';
import type { TextPosition } from './text-position.js';

export interface ConfigProblem {
  /** The file as the caller named it, or 'environment' for environment variables. */
  file: string;
  /** Where in the file the setting (or, when it is missing, its enclosing entry) starts. */
  line?: number;
  column?: number;
  /** Where in the file, e.g. 'region.street.code' or 'services[2].ticketPrefix'; '(file)' for the whole file. */
  path: string;
  /** A short JSON rendering of the value found, or 'missing'. */
  found: string;
  /** What is expected and how to fix it, in plain English. */
  expected: string;
}

export const WHOLE_FILE = '(file)';
/** The `file` of problems with environment variables; their path is the variable's name. */
export const ENVIRONMENT = 'environment';
const MAX_FOUND_LENGTH = 80;

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return WHOLE_FILE;
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

export function renderFound(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > MAX_FOUND_LENGTH ? `${json.slice(0, MAX_FOUND_LENGTH - 1)}…` : json;
}

/**
 * Expected texts for issues whose schema has no message of its own. Every schema in this
 * package sets one, so this is a safety net that still beats zod's terse defaults.
 */
export const fallbackExpected: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance =
      candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (
      distance <= Math.max(2, Math.floor(candidate.length / 4)) &&
      (best === undefined || distance < best.distance)
    ) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

/** Looks through wrappers and picks the union member the data actually selects. */
function unwrap(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault
  ) {
    return unwrap(schema.unwrap() as z.ZodType, value);
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = schema.def.discriminator;
    const selected = field(value, discriminator);
    const option = (schema.options as z.ZodType[]).find((candidate) => {
      const tag = candidate instanceof z.ZodObject ? candidate.shape[discriminator] : undefined;
      return tag instanceof z.ZodLiteral && tag.values.has(selected as z.core.util.Literal);
    });
    return option === undefined ? undefined : unwrap(option, value);
  }
  return schema;
}

/** The keys the schema allows for the object at `path` in `data`. */
function allowedKeysAt(root: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = unwrap(root, data);
  let value = data;
  for (const key of path) {
    if (schema instanceof z.ZodObject) {
      value = field(value, String(key));
      schema = schema.shape[String(key)] as z.ZodType | undefined;
    } else if (schema instanceof z.ZodArray) {
      value = Array.isArray(value) ? (value as unknown[])[Number(key)] : undefined;
      schema = schema.element as z.ZodType;
    } else {
      return [];
    }
    schema = schema === undefined ? undefined : unwrap(schema, value);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Where a path sits, as a sort key in reading order and, for a file, its line and column. */
interface PathLocation {
  order: readonly number[];
  position?: TextPosition;
}

export interface IssueSource {
  file: string;
  schema: z.ZodType;
  data: unknown;
  /** Without it, problems are ordered by the keys' order in `data` and carry no position. */
  locate?: (path: readonly PropertyKey[]) => PathLocation;
}

function unknownKeyProblem(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  key: string,
  allowed: readonly string[],
  file: string,
): ConfigProblem {
  const suggestion = closestKey(key, allowed);
  const hint =
    suggestion === undefined
      ? allowed.length > 0
        ? ` (allowed here: ${allowed.join(', ')})`
        : ''
      : ` (did you mean "${suggestion}"?)`;
  return {
    file,
    path: formatPath([...issue.path, key]),
    found: renderFound(field(issue.input, key)),
    expected: `no unknown key ${renderFound(key)} here: remove it or fix its spelling${hint}`,
  };
}

/**
 * Where a path sits in the file, as one index per level, so problems can be listed top to
 * bottom as the technician reads the file. A missing key sorts after its siblings.
 */
function positionInData(data: unknown, path: readonly PropertyKey[]): number[] {
  const position: number[] = [];
  let value = data;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === 'number') {
      position.push(key);
      value = value[key] as unknown;
    } else {
      const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
      const index = keys.indexOf(String(key));
      position.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
      value = field(value, String(key));
    }
  }
  return position;
}

function compareFileOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** A problem whose text is only written if it is among those shown. */
interface PendingProblem {
  at: readonly PropertyKey[];
  write: () => ConfigProblem;
}

function pending(issue: z.core.$ZodIssue, source: IssueSource): PendingProblem[] {
  if (issue.code === 'unrecognized_keys') {
    let allowed: string[] | undefined;
    return issue.keys.map((key) => ({
      at: [...issue.path, key],
      write: () =>
        unknownKeyProblem(
          issue,
          key,
          (allowed ??= allowedKeysAt(source.schema, source.data, issue.path)),
          source.file,
        ),
    }));
  }
  // A discriminated union points at its tag but reports the whole object as input.
  const found =
    issue.code === 'invalid_union' && typeof issue.discriminator === 'string'
      ? field(issue.input, issue.discriminator)
      : issue.input;
  const write = () => ({
    file: source.file,
    path: formatPath(issue.path),
    found: renderFound(found),
    expected: issue.message,
  });
  return [{ at: issue.path, write }];
}

/**
 * A real file has a handful of problems; thousands mean the wrong file, and listing them
 * all would bury the first ones and take long.
 */
export const MAX_PROBLEMS_SHOWN = 100;

/** The first MAX_PROBLEMS_SHOWN of `items` as problems, then one that counts the rest. */
export function limitProblems<T>(
  file: string,
  items: readonly T[],
  write: (item: T) => ConfigProblem,
): ConfigProblem[] {
  const shown = items.slice(0, MAX_PROBLEMS_SHOWN).map(write);
  if (items.length <= MAX_PROBLEMS_SHOWN) return shown;
  return [
    ...shown,
    {
      file,
      path: WHOLE_FILE,
      found: `${items.length - MAX_PROBLEMS_SHOWN} more problems like these`,
      expected:
        'a configuration with a handful of problems at most: check that this is the right file (and --kind), fix the problems above and check again',
    },
  ];
}

/** Turns zod issues (parsed with reportInput) into problems a technician can act on, in file order. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  source: IssueSource,
): ConfigProblem[] {
  const where =
    source.locate ??
    ((path: readonly PropertyKey[]): PathLocation => ({
      order: positionInData(source.data, path),
    }));
  const ordered = issues
    .flatMap((issue) => pending(issue, source))
    .map((problem) => ({ ...problem, location: where(problem.at) }))
    .sort((a, b) => compareFileOrder(a.location.order, b.location.order));
  return limitProblems(source.file, ordered, ({ write, location: { position } }) => ({
    ...write(),
    ...position,
  }));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 'terminal.json:12:5 centre.url', as editors and terminals recognise a place in a file. */
function heading({ file, line, column, path }: ConfigProblem): string {
  return line === undefined ? `${file}: ${path}` : `${file}:${line}:${column ?? 1} ${path}`;
}

/** One block per problem, then a summary line such as '3 problems in 2 files'. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const blocks = problems.map(
    (p) => `${heading(p)}\n  found: ${p.found}\n  expected: ${p.expected}`,
  );
  const sources = new Set(problems.map((p) => p.file));
  const files = sources.size - (sources.has(ENVIRONMENT) ? 1 : 0);
  const where = [
    ...(files > 0 ? [plural(files, 'file')] : []),
    ...(sources.has(ENVIRONMENT) ? ['the environment'] : []),
  ].join(' and ');
  return [...blocks, `${plural(problems.length, 'problem')} in ${where}`].join('\n\n');
}

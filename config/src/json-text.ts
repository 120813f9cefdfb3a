import {
  type AnyNode,
  type DocumentNode,
  type ElementNode,
  type MemberNode,
  type ObjectNode,
  type Token,
  type ValueNode,
  evaluate,
  parse,
  tokenize,
} from '@humanwhocodes/momoa';
import { type Result, ok, err } from '@bianmin/common';
import { explainSyntaxError } from './json-syntax.js';
import { renderFound } from './problems.js';
import { type TextPosition, positionAt } from './text-position.js';

/**
 * Reads a hand-edited JSON file with momoa, keeping where every value sits so a problem
 * found later by a schema can point at its line and column. Momoa parses recursively, so
 * a cheap linear pre-scan refuses absurd nesting before it runs.
 */

/** A configuration file needs 5 levels; 64 leaves room and stays far from the stack limit. */
export const MAX_NESTING_DEPTH = 64;

/**
 * A MiB of real regions holds some 70,000 values; more, and a file built to be odd (a list
 * of a million 1s) would keep parser and validator busy for seconds.
 */
export const MAX_VALUES = 100_000;

export interface JsonSyntaxError extends TextPosition {
  /** 'limit' when the text may be valid JSON but is far beyond any configuration file. */
  kind: 'syntax' | 'limit';
  /** What was found, ready to show: a quoted character, 'end of file' or a description. */
  found: string;
  /** What would have been valid there, with a hint how to fix it. */
  expected: string;
}

/** A problem with the text of a value that parsed: a duplicate key, a broken character. */
interface JsonTextProblem extends TextPosition {
  path: (string | number)[];
  found: string;
  expected: string;
}

interface Located {
  /** Where the technician should look; the enclosing entry when the path is missing. */
  position: TextPosition;
  /** Sorts problems in reading order (the offset); a missing key sorts after its siblings. */
  order: readonly number[];
}

export interface ParsedJson {
  value: unknown;
  problems: JsonTextProblem[];
  locate(path: readonly PropertyKey[]): Located;
}

const UNCLOSED_STRING = 'a closing double quote " on the same line as the opening one';

type Refusal = Omit<JsonSyntaxError, 'line' | 'column'> & { offset: number };

/**
 * One linear pass for what momoa would explain badly or take too long over: deep nesting,
 * too many values, a string left open or holding a control character.
 */
function preScan(text: string): Refusal | undefined {
  let depth = 0;
  let commas = 0;
  let stringStart = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (stringStart >= 0) {
      if (char === '\\') i++;
      else if (char === '"') stringStart = -1;
      else if (char === '\n' || char === '\r') {
        return { kind: 'syntax', offset: stringStart, found: '"\\""', expected: UNCLOSED_STRING };
      } else if (char < ' ') {
        return {
          kind: 'syntax',
          offset: i,
          found: `a control character (U+${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}) inside a string`,
          expected: 'no control characters (such as tabs) inside a string: write a tab as \\t',
        };
      }
    } else if (char === '"') {
      stringStart = i;
    } else if (char === '{' || char === '[') {
      depth++;
      if (depth > MAX_NESTING_DEPTH) {
        return {
          kind: 'limit',
          offset: i,
          found: `more than ${MAX_NESTING_DEPTH} levels of nested { and [`,
          expected: `at most ${MAX_NESTING_DEPTH} levels (a configuration file needs 5): check that the path names a configuration file, and that every { and [ is closed`,
        };
      }
    } else if (char === '}' || char === ']') {
      depth = Math.max(0, depth - 1);
    } else if (char === ',') {
      commas++;
      if (commas >= MAX_VALUES) {
        return {
          kind: 'limit',
          offset: i,
          found: `more than ${MAX_VALUES} values`,
          expected: `at most ${MAX_VALUES} values (a configuration file has a few dozen, a long regions.json a few thousand): check that the path names a configuration file`,
        };
      }
    }
  }
  if (stringStart >= 0) {
    return { kind: 'syntax', offset: stringStart, found: '"\\""', expected: UNCLOSED_STRING };
  }
  return undefined;
}

/** A lone half of a surrogate pair, which only a \u escape can put into a string. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function start(node: AnyNode): TextPosition {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function stringProblem(
  node: AnyNode,
  path: (string | number)[],
  value: string,
): JsonTextProblem | undefined {
  if (!LONE_SURROGATE.test(value)) return undefined;
  return {
    ...start(node),
    path,
    found: renderFound(value),
    expected:
      'text of whole characters: a \\uD800-\\uDFFF escape on its own is half a character; retype the text or remove that escape',
  };
}

function keyOf(member: MemberNode): string {
  return member.name.type === 'String' ? member.name.value : member.name.name;
}

/** Duplicate keys and broken characters, in file order. Depth is bounded by the pre-scan. */
function textProblems(body: ValueNode): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  const visit = (node: ValueNode, path: (string | number)[]): void => {
    if (node.type === 'String') {
      const problem = stringProblem(node, path, node.value);
      if (problem) problems.push(problem);
    } else if (node.type === 'Array') {
      node.elements.forEach((element, index) => visit(element.value, [...path, index]));
    } else if (node.type === 'Object') {
      const seen = new Map<string, MemberNode>();
      for (const member of node.members) {
        const key = keyOf(member);
        const keyProblem = stringProblem(member.name, [...path, key], key);
        if (keyProblem) problems.push(keyProblem);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, member);
        } else {
          problems.push({
            ...start(member),
            path: [...path, key],
            found: `${renderFound(key)} on line ${first.loc.start.line} and again on line ${member.loc.start.line}`,
            expected: `each key once per object: only the last ${renderFound(key)} would count and the earlier one would be ignored, so delete the copy you do not want`,
          });
        }
        visit(member.value, [...path, key]);
      }
    }
  };
  visit(body, []);
  return problems;
}

/** Finds the node for a path the way JSON reads it: the last of equal keys wins. */
function locator(document: DocumentNode): (path: readonly PropertyKey[]) => Located {
  const indexes = new WeakMap<ObjectNode, Map<string, MemberNode>>();
  const membersOf = (node: ObjectNode): Map<string, MemberNode> => {
    let index = indexes.get(node);
    if (index === undefined) {
      index = new Map(node.members.map((member) => [keyOf(member), member]));
      indexes.set(node, index);
    }
    return index;
  };
  return (path) => {
    let value: ValueNode = document.body;
    let entry: AnyNode = document.body;
    for (const key of path) {
      const child: MemberNode | ElementNode | undefined =
        value.type === 'Object'
          ? membersOf(value).get(String(key))
          : value.type === 'Array' && typeof key === 'number'
            ? value.elements[key]
            : undefined;
      if (child === undefined) {
        // Missing: point at the entry that should hold it, and list it after its siblings.
        return { position: start(entry), order: [value.loc.end.offset - 1] };
      }
      entry = child.type === 'Member' ? child : child.value;
      value = child.value;
    }
    return { position: start(entry), order: [entry.loc.start.offset] };
  };
}

function refuse(text: string, { offset, ...refusal }: Refusal) {
  return err<JsonSyntaxError>({ ...positionAt(text, offset), ...refusal });
}

/**
 * Parses JSON text (without a byte-order mark), reporting the first syntax error with its
 * line and column, and every duplicate key.
 */
export function parseJsonText(text: string): Result<ParsedJson, JsonSyntaxError> {
  const early = preScan(text);
  if (early !== undefined) return refuse(text, early);
  let document: DocumentNode;
  try {
    document = parse(text, { mode: 'json' });
  } catch (error) {
    let tokens: Token[] | undefined;
    try {
      tokens = tokenize(text, { mode: 'json' });
    } catch {
      tokens = undefined;
    }
    return refuse(text, { kind: 'syntax', ...explainSyntaxError(text, error, tokens) });
  }
  return ok({
    value: evaluate(document.body),
    problems: textProblems(document.body),
    locate: locator(document),
  });
}

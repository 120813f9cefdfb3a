import type { Token } from '@humanwhocodes/momoa';

/**
 * Turns a momoa parse failure into what a technician needs: the offending character and
 * what would have been valid there. Momoa's own messages name token types, and at the end
 * of the file it points at the last token or at 1:1, so the place is worked out again here
 * by walking the tokens through JSON's grammar.
 */

export interface SyntaxExplanation {
  offset: number;
  found: string;
  expected: string;
}

const FULL_WIDTH: Record<string, string> = {
  '，': ',',
  '：': ':',
  '“': '"',
  '”': '"',
  '［': '[',
  '］': ']',
  '｛': '{',
  '｝': '}',
};

const A_VALUE =
  'a value: a "string" in double quotes, a number, true, false, null, an object {…} or a list […]';

function explainCharacter(text: string, offset: number): SyntaxExplanation {
  const char = text[offset];
  const before = text[offset - 1] ?? '';
  const at = (found: string | undefined, expected: string) => ({
    offset,
    found: found === undefined ? 'end of file' : JSON.stringify(found),
    expected,
  });
  if (char !== undefined && FULL_WIDTH[char] !== undefined) {
    return at(
      char,
      `the half-width (English) "${FULL_WIDTH[char]}" instead of the full-width (Chinese) "${char}"; switch the input method to English punctuation`,
    );
  }
  if (char === '/') return at(char, `${A_VALUE}; JSON files cannot contain comments`);
  if (char === "'") return at(char, 'a value; strings need double quotes "…", not \'…\'');
  const escape = /\\(u[0-9a-fA-F]{0,3})?$/.exec(text.slice(Math.max(0, offset - 5), offset));
  if (escape !== null) {
    return {
      offset: offset - escape[0].length,
      found: `the escape ${escape[0]}${char ?? ''}`,
      expected:
        'a valid escape: write a backslash as \\\\ (paths use forward slashes: /dev/ttyUSB0)',
    };
  }
  if (/[0-9.]/.test(before) && char !== undefined && /[0-9.]/.test(char)) {
    return at(char, 'the end of the number; numbers have no leading zeros or second decimal point');
  }
  if (/[-.eE+]/.test(before) || char === '-') {
    return at(char, 'a number such as 60, 19.6 or -1');
  }
  if (char === undefined) return at(char, `${A_VALUE}; is the file cut short?`);
  if (/[A-Za-z_]/.test(char)) {
    return at(
      char,
      `${A_VALUE}; text needs double quotes "…", and true, false and null are written in lower case`,
    );
  }
  return at(char, A_VALUE);
}

/**
 * Inside a token, momoa's tokenizer reports the character before the one it refused; its
 * message names the refused character, which puts the place right.
 */
function refusedCharacterOffset(text: string, error: unknown): number {
  const offset = offsetOf(error);
  const refused = /^Unexpected character '([\s\S])' found/.exec(
    error instanceof Error ? error.message : '',
  )?.[1];
  return refused !== undefined && text[offset] !== refused && text[offset + 1] === refused
    ? offset + 1
    : offset;
}

type Expecting =
  | 'value'
  | 'first-value-or-close'
  | 'value-after-comma'
  | 'first-key-or-close'
  | 'key-after-comma'
  | 'colon'
  | 'comma-or-close';

const VALUE_TOKENS: ReadonlySet<string> = new Set(['String', 'Number', 'Boolean', 'Null']);

/** The first token JSON's grammar does not allow, or the end of a file cut short. */
function explainTokens(text: string, tokens: readonly Token[]): SyntaxExplanation | undefined {
  const open: ('{' | '[')[] = [];
  let expecting: Expecting = 'value';
  let key = '';
  for (const token of tokens) {
    const { type } = token;
    const offset = token.loc.start.offset;
    const fail = (expected: string) => ({
      offset,
      found: JSON.stringify(text[offset] ?? ''),
      expected,
    });
    switch (expecting) {
      case 'value':
      case 'first-value-or-close':
      case 'value-after-comma':
        if (type === 'RBracket' && expecting === 'first-value-or-close') {
          open.pop();
          expecting = 'comma-or-close';
        } else if (type === 'RBracket' && expecting === 'value-after-comma') {
          return fail(
            'another value after the comma; JSON allows no comma before the closing ], so remove it',
          );
        } else if (VALUE_TOKENS.has(type)) {
          expecting = 'comma-or-close';
        } else if (type === 'LBrace') {
          open.push('{');
          expecting = 'first-key-or-close';
        } else if (type === 'LBracket') {
          open.push('[');
          expecting = 'first-value-or-close';
        } else {
          return fail(A_VALUE);
        }
        break;
      case 'first-key-or-close':
      case 'key-after-comma':
        if (type === 'String') {
          key = text.slice(offset + 1, token.loc.end.offset - 1);
          expecting = 'colon';
        } else if (type === 'RBrace' && expecting === 'first-key-or-close') {
          open.pop();
          expecting = 'comma-or-close';
        } else if (type === 'RBrace') {
          return fail(
            'another "key": value after the comma; JSON allows no comma before the closing }, so remove it',
          );
        } else {
          return fail('a key in double quotes, e.g. "name"');
        }
        break;
      case 'colon':
        if (type !== 'Colon') return fail(`a colon : after the key "${key}"`);
        expecting = 'value';
        break;
      case 'comma-or-close': {
        const innermost = open.at(-1);
        if (innermost === undefined) {
          return fail('only one top-level value; the text after it does not belong');
        }
        const inObject = innermost === '{';
        if (type === 'Comma') {
          expecting = inObject ? 'key-after-comma' : 'value-after-comma';
        } else if (type === (inObject ? 'RBrace' : 'RBracket')) {
          open.pop();
        } else {
          return fail(
            inObject
              ? 'a comma , between entries or } to close the object; is a comma missing at the end of the previous line?'
              : 'a comma , between list items or ] to close the list; is a comma missing at the end of the previous line?',
          );
        }
        break;
      }
    }
  }
  if (expecting === 'comma-or-close' && open.length === 0) return undefined;
  const end = { offset: text.length, found: 'end of file' };
  if (open.length === 0) return { ...end, expected: `${A_VALUE}; the file is empty` };
  const closers = open
    .map((bracket) => (bracket === '{' ? '}' : ']'))
    .reverse()
    .join('');
  return {
    ...end,
    expected: `the rest of the file, ending with ${closers} to close what is still open; is a closing } or ] missing?`,
  };
}

function offsetOf(error: unknown): number {
  const offset = (error as { offset?: unknown } | null)?.offset;
  return typeof offset === 'number' ? offset : 0;
}

/**
 * `tokens` is the whole text tokenized, or undefined when tokenizing failed too: then the
 * mistake is a single character (a full-width comma, a comment, a bad escape …).
 */
export function explainSyntaxError(
  text: string,
  error: unknown,
  tokens: readonly Token[] | undefined,
): SyntaxExplanation {
  if (tokens === undefined) return explainCharacter(text, refusedCharacterOffset(text, error));
  const explained = explainTokens(text, tokens);
  if (explained !== undefined) return explained;
  // Only reachable if momoa refuses something the grammar walk above accepts.
  const offset = offsetOf(error);
  return {
    offset,
    found: offset < text.length ? JSON.stringify(text[offset]) : 'end of file',
    expected: `valid JSON (${error instanceof Error ? error.message : String(error)})`,
  };
}

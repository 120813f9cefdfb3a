/**
 * Columns a character takes at normal size. In Chinese mode the printer sets every
 * multi-byte GB18030 character in a full-width (24 dot) cell and ASCII in a half-width one,
 * so the byte form, not Unicode's East Asian width, decides.
 */
function charColumns(char: string): number {
  return (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

/** Splits text where the printer would wrap it: at `columns`, with characters magnified `width` times. */
export function wrapColumns(text: string, columns: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const w = charColumns(char) * width;
    if (used + w > columns && current !== '') {
      lines.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += w;
  }
  lines.push(current);
  return lines;
}

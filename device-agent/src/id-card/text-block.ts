import { ok, err, type Result } from '@bianmin/common';
import type { IdCardHolder } from './holder.js';
import {
  CODED_KINDS,
  LAYOUTS,
  MARKER_OFFSET,
  TEXT_BLOCK_LENGTH,
  type CodedKind,
  type Slot,
  type TextBlockError,
  type TextBlockLayout,
} from './text-block-layouts.js';

export { TEXT_BLOCK_LENGTH, type TextBlockError } from './text-block-layouts.js';

type Values = Record<string, string>;

/** Padding is spaces on real cards; NULs are tolerated because some readers zero-fill. */
export function trimPadding(s: string): string {
  return s.replace(/^[ \0]+|[ \0]+$/g, '');
}

/** The slots of each field, in table order. */
function slotsByField(layout: TextBlockLayout): Map<string, Slot[]> {
  const fields = new Map<string, Slot[]>();
  for (const slot of layout.slots) fields.set(slot[2], [...(fields.get(slot[2]) ?? []), slot]);
  return fields;
}

type CodedSlot = readonly [number, number, string, CodedKind];

/** The coded slots in the order their kinds are checked. */
function codedSlots(layout: TextBlockLayout): CodedSlot[] {
  const order = Object.keys(CODED_KINDS);
  return layout.slots
    .filter((slot): slot is CodedSlot => slot[3] !== 'text')
    .sort((a, b) => order.indexOf(a[3]) - order.indexOf(b[3]));
}

function layoutOf(block: Buffer): Result<TextBlockLayout, TextBlockError> {
  const marker = block.toString('utf16le', MARKER_OFFSET, MARKER_OFFSET + 2);
  const layout = LAYOUTS.find((l) => l.marker === (marker === '\0' ? ' ' : marker));
  if (layout) return ok(layout);
  const code = (marker.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return err({ kind: 'unknown-layout', detail: `layout marker U+${code}` });
}

/** Decodes and validates a 256-byte text block. Never throws. */
export function decodeTextBlock(block: Uint8Array): Result<IdCardHolder, TextBlockError> {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    return err({
      kind: 'wrong-size',
      detail: `${block.length} bytes, expected ${TEXT_BLOCK_LENGTH}`,
    });
  }
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const found = layoutOf(bytes);
  if (!found.ok) return found;
  const layout = found.value;

  const values: Values = {};
  // A field's slots are joined untrimmed, so a space on the seam between them survives.
  for (const [field, slots] of slotsByField(layout)) {
    const stored = slots.map(([offset, length]) =>
      bytes.toString('utf16le', offset, offset + length),
    );
    values[field] = trimPadding(stored.join(''));
  }
  const name = layout.nameFrom.map((field) => values[field]).find((value) => value);
  if (!name) {
    const detail =
      layout.nameFrom.length > 1 ? 'both name fields are empty' : 'name field is empty';
    return err({ kind: 'missing-name', detail });
  }
  for (const [, , field, kind] of codedSlots(layout)) {
    const value = CODED_KINDS[kind].read(values[field] ?? '');
    if (value === undefined) return err(CODED_KINDS[kind].invalid);
    values[field] = value;
  }
  const idProblem = layout.checkIdNumber(values.idNumber ?? '', values.birthDate ?? '');
  if (idProblem) return err({ kind: 'bad-id-number', detail: idProblem });
  return ok({ cardType: layout.cardType, name, ...values } as IdCardHolder);
}

/**
 * Builds the 256-byte block a card with these fields would carry, for the simulator. Fails
 * (as a value) when a field does not fit its slots or a date is malformed; it does not check
 * ID numbers, so tests can build invalid cards on purpose. `name` is not written on foreign
 * cards: it is derived from their two name fields.
 */
export function encodeTextBlock(holder: IdCardHolder): Result<Uint8Array, TextBlockError> {
  const layout = LAYOUTS.find((l) => l.cardType === holder.cardType);
  if (!layout) return err({ kind: 'unknown-layout', detail: `card type ${holder.cardType}` });
  const block = Buffer.alloc(TEXT_BLOCK_LENGTH, Buffer.from(' ', 'utf16le'));
  for (const [field, slots] of slotsByField(layout)) {
    const value = String((holder as unknown as Values)[field] ?? '');
    const kind = slots[0]?.[3] ?? 'text';
    const stored = kind === 'text' ? value : CODED_KINDS[kind].write(value);
    if (stored === undefined) {
      const { kind: errorKind } = CODED_KINDS[kind as CodedKind].invalid;
      return err({ kind: errorKind, detail: `${field} has no form the card can store` });
    }
    let rest = stored;
    for (const [offset, length] of slots) {
      block.write(rest.slice(0, length / 2), offset, 'utf16le');
      rest = rest.slice(length / 2);
    }
    if (rest.length > 0) {
      const room = slots.reduce((sum, [, length]) => sum + length / 2, 0);
      return err({ kind: 'field-too-long', detail: `${field} has room for ${room} characters` });
    }
  }
  if (layout.marker !== ' ') block.write(layout.marker, MARKER_OFFSET, 'utf16le');
  return ok(new Uint8Array(block));
}

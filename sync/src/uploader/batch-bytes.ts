import { CENTRE_BODY_LIMIT_BYTES, type TerminalEvent } from '@bianmin/contract';
import { asciiJson } from './ascii-json.js';

/**
 * The centre refuses a body over its limit (docs/protocol.md, payload-too-large); a batch's
 * envelope (terminal, epoch, times) takes well under the 16 KiB left.
 */
export const BATCH_BYTES = CENTRE_BODY_LIMIT_BYTES - 16 * 1024;

/**
 * The longest run of `events`, from the first, whose JSON array as sent (asciiJson: a
 * non-ASCII character is a 6-byte escape) fits in `maxBytes`; never fewer
 * than one event (one that alone is too large gets the centre's 413, not a silent stall).
 * A backlog then drains in batches of up to the contract's 500 events, each one request,
 * signature and commit at the centre (docs/benchmarks.md, "Seventh round").
 */
export function withinBytes(events: TerminalEvent[], maxBytes: number): TerminalEvent[] {
  // The array's brackets, then each event and the comma before every one but the first.
  let bytes = 1;
  for (let i = 0; i < events.length; i++) {
    bytes += asciiJson(events[i]).length + 1;
    if (bytes > maxBytes && i > 0) return events.slice(0, i);
  }
  return events;
}

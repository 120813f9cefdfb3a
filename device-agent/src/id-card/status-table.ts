import type { CardUnreadableReason } from '@bianmin/contract';
import { SW3 } from './commands.js';

/** What the kiosk asks the resident to do (the contract's list); the screens word it. */
export type ResidentHint = CardUnreadableReason;

/**
 * Which driver error an SW3 becomes: `no-card` is the normal idle answer; `card-unreadable`
 * is fixed at the card (by the resident, or by another card); `link-error` means the module
 * received our frame damaged (the cable or the line speed); `reader-fault` needs a technician.
 */
type StatusErrorKind = 'no-card' | 'card-unreadable' | 'link-error' | 'reader-fault';

export interface StatusCause {
  kind: StatusErrorKind;
  /** For the technician: what the module says, and where to look. */
  meaning: string;
  hint: ResidentHint;
}

/**
 * Every documented SW3 (docs/devices.md) but the two successes, 90 (ok) and 9F (card found),
 * with its cause.
 */
export const STATUS_CAUSES: ReadonlyMap<number, StatusCause> = new Map<number, StatusCause>([
  [
    SW3.itemNotOnCard,
    {
      // The reader asks for optional items (appended address) knowing they may be absent.
      kind: 'card-unreadable',
      meaning: 'the card lacks the item asked for',
      hint: 'use-other-card',
    },
  ],
  [SW3.noCard, { kind: 'no-card', meaning: 'no card on the reader', hint: 'try-again' }],
  [
    SW3.selectFailed,
    {
      kind: 'card-unreadable',
      meaning: 'card found but select failed: usually placed askew or moved during the read',
      hint: 'place-flat',
    },
  ],
  [
    SW3.readFailed,
    {
      kind: 'card-unreadable',
      meaning: 'reading the card failed: card moved or lies at the edge of the field',
      hint: 'place-flat',
    },
  ],
  [
    SW3.unknownCardType,
    {
      kind: 'card-unreadable',
      meaning: 'not an ID card (a bus, bank or staff card answered the field)',
      hint: 'use-other-card',
    },
  ],
  ...[SW3.authenticationFailed1, SW3.authenticationFailed2, SW3.authenticationFailed3].map(
    (sw3): [number, StatusCause] => [
      sw3,
      {
        kind: 'card-unreadable',
        meaning:
          'card and security module failed to authenticate: a damaged or non-genuine card; if every card fails, the module',
        hint: 'use-other-card',
      },
    ],
  ),
  [
    SW3.randomNumberFailed,
    {
      kind: 'card-unreadable',
      meaning: 'the card did not answer the random-number challenge: a radio glitch',
      hint: 'try-again',
    },
  ],
  [
    SW3.checksumError,
    {
      kind: 'link-error',
      meaning: 'the module received a command with a bad checksum: check the cable and baud rate',
      hint: 'try-again',
    },
  ],
  [
    SW3.lengthError,
    {
      kind: 'link-error',
      meaning: 'the module received a command of the wrong length: check the cable and baud rate',
      hint: 'try-again',
    },
  ],
  [
    SW3.badCommand,
    {
      kind: 'reader-fault',
      meaning: 'the module does not know this command: a module of another protocol family',
      hint: 'call-staff',
    },
  ],
  [
    SW3.notPermitted,
    {
      kind: 'reader-fault',
      meaning: 'the module refused the command in its current state',
      hint: 'call-staff',
    },
  ],
  [
    SW3.unknownError,
    { kind: 'reader-fault', meaning: 'the module reports an unknown error', hint: 'try-again' },
  ],
  [
    SW3.selfTestFailed,
    {
      kind: 'reader-fault',
      meaning: 'the security module failed its self-test: replace the reader',
      hint: 'call-staff',
    },
  ],
  [
    SW3.notAuthorised,
    {
      kind: 'reader-fault',
      meaning: 'the security module is not authorised: have it authorised or replace the reader',
      hint: 'call-staff',
    },
  ],
]);

/** The cause of an error SW3; undocumented codes are the module's fault. */
export function statusCause(sw3: number): StatusCause {
  return (
    STATUS_CAUSES.get(sw3) ?? {
      kind: 'reader-fault',
      meaning: `undocumented status 0x${sw3.toString(16).toUpperCase().padStart(2, '0')}`,
      hint: 'call-staff',
    }
  );
}

import { Type, type Static } from 'typebox';
import { closed, oneOf } from '../schema.js';

/**
 * Read-aloud through the agent's speech engine (espeak-ng), for a kiosk whose browser has no
 * voice for the resident's language (docs/accessibility.md, "Speech and sound"). The text is
 * only what the flow machines give the page to speak, never personal data; the agent refuses
 * a text holding a run of digits as long as a phone or ID number all the same, and never logs
 * a text.
 */
/**
 * Which text a request is about: the page's own random name (a reload starts again) and the
 * number of its text, one more for each. The page's requests can overtake each other on their
 * connections: 停止 sent for one text and arriving after the next is not taken for the next.
 */
const Turn = {
  page: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  id: Type.Integer({ minimum: 1 }),
};

export const ReadAloudRequestSchema = closed({
  ...Turn,
  text: Type.String({ minLength: 1, maxLength: 4000 }),
  /** The tag the resident's language speaks with (kiosk-ui/src/lib/i18n/languages.ts). */
  language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$' }),
  /** The resident's volume, as the browser's utterance would take it. */
  volume: Type.Number({ minimum: 0, maximum: 1 }),
});
export type ReadAloudRequest = Static<typeof ReadAloudRequestSchema>;

/** 暂停, 继续 and 停止, each for the text it names. */
export const ReadAloudControlSchema = closed(Turn);
export type ReadAloudControl = Static<typeof ReadAloudControlSchema>;

/** How an utterance ended: said to its end, cut short by the next one or 停止, or not said. */
export const READ_ALOUD_ENDINGS = ['finished', 'stopped', 'failed'] as const;
export const ReadAloudReplySchema = closed({ ended: oneOf(READ_ALOUD_ENDINGS) });
export type ReadAloudReply = Static<typeof ReadAloudReplySchema>;

/**
 * The longest run of digits a text to read aloud may hold: a phone number has 11 and an ID
 * number 17 or 18, while ticket numbers and references (SQ-20261126-0007) have at most 8.
 */
export const READ_ALOUD_LONGEST_DIGIT_RUN = 10;

import { Type, type Static } from 'typebox';
import {
  CARD_FIELDS,
  DATE_RANGES,
  REFERENCE_PATTERN,
  type ApplicationQuestion,
} from '../application-answers.js';
import { IsoTime, Token, closed, oneOf } from '../schema.js';
import { localTextOf } from './local-text.js';

/**
 * 申请 (application intake): the form the catalogue gives an application service, the
 * submission the kiosk posts, and the agent's reply (docs/flows.md, "Apply"). The answers
 * are the resident's own and go only to the back office's outbox, never to the centre.
 */

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** The form's words, each in every language the catalogue has; the kiosk picks the resident's. */
const base = {
  id: Token,
  label: localTextOf(60),
  help: Type.Optional(localTextOf(200)),
  required: Type.Boolean(),
  fromCard: Type.Optional(oneOf(CARD_FIELDS)),
};

export const ApplicationQuestionSchema = Type.Unsafe<ApplicationQuestion>(
  Type.Union([
    closed({
      ...base,
      kind: Type.Literal('choice'),
      options: Type.Array(closed({ value: Token, label: localTextOf(40) }), {
        minItems: 2,
        maxItems: 12,
      }),
    }),
    closed({
      ...base,
      kind: Type.Literal('text'),
      maxLength: Type.Integer({ minimum: 1, maximum: 100 }),
    }),
    closed({
      ...base,
      kind: Type.Literal('number'),
      min: Type.Integer({ minimum: 0 }),
      max: Type.Integer({ minimum: 0, maximum: 999_999_999 }),
      unit: Type.Optional(localTextOf(8)),
    }),
    closed({ ...base, kind: Type.Literal('date'), range: oneOf(DATE_RANGES) }),
    closed({ ...base, kind: Type.Literal('phone') }),
  ]),
);

/** An application service's form, as the kiosk's catalogue carries it. */
export const ApplicationFormSchema = closed({
  questions: Type.Array(ApplicationQuestionSchema, { minItems: 1, maxItems: 12 }),
  /**
   * What happens after submitting, in plain words: the confirmation shows it in the resident's
   * language, the slip in Chinese, for the counter's staff (docs/i18n.md).
   */
  whatNext: localTextOf(200),
});
export type ApplicationForm = Static<typeof ApplicationFormSchema>;

/** A `card-read` event's handle on the card the agent holds for an application. */
export const CardReadId = Type.String({ pattern: '^[A-Za-z0-9-]{16,64}$' });

/**
 * Who applies: the card the agent read (it fills in the name and number itself, so they never
 * pass through the page), or an ID number typed on the keypad (the name is then a question).
 */
export const ApplicantIdentitySchema = Type.Union([
  closed({ source: Type.Literal('card'), readId: CardReadId }),
  closed({
    source: Type.Literal('id-number'),
    idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$' }),
  }),
]);
export type ApplicantIdentity = Static<typeof ApplicantIdentitySchema>;

export const ApplicationRequestSchema = closed({
  /** One per session: a retry returns the application already committed. */
  requestId: Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$' }),
  serviceId: Token,
  identity: ApplicantIdentitySchema,
  /** By question id, each as text ('' for an optional question left empty). */
  answers: Type.Record(
    Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    Type.String({ maxLength: 200 }),
    // Without it JSON Schema checks only the keys that match the pattern: any other key, with
    // any value, would pass the boundary.
    { maxProperties: 12, additionalProperties: false },
  ),
});
export type ApplicationRequest = Static<typeof ApplicationRequestSchema>;

export const ApplicationReference = Type.String({ pattern: REFERENCE_PATTERN });

/** Where an application went, in the connector's own words (the confirmation shows them). */
export const ApplicationDestinationSchema = closed({
  /** e.g. 社区便民服务中心（帮办代办） */
  name: Text(60),
  /** What that means for the resident, truthfully: e.g. kept on this terminal until sent. */
  description: Text(200),
});
export type ApplicationDestination = Static<typeof ApplicationDestinationSchema>;

export const ApplicationReceiptSchema = closed({
  reference: ApplicationReference,
  submittedAt: IsoTime,
  destination: ApplicationDestinationSchema,
});
export type ApplicationReceipt = Static<typeof ApplicationReceiptSchema>;

/** Why a submission was refused, for the kiosk (400 `application-refused`). */
export const APPLICATION_REFUSALS = [
  'unknown-service',
  'unknown-card-read',
  'invalid-id-number',
  'unknown-question',
  'invalid-answer',
] as const;
export type ApplicationRefusalKind = (typeof APPLICATION_REFUSALS)[number];

/**
 * The `error` of `POST /applications`' error replies, beside the shared ones for a body the
 * schema refuses (`server/`): a refusal (400; `where` names the question, `answers.<id>`),
 * which the same submission will meet again; the request id already used (409, below); or
 * nothing committed (503), which a retry of the same request may get past.
 */
export type ApplicationErrorCode =
  | `application-${ApplicationRefusalKind}`
  | 'application-request-conflict'
  | 'application-not-committed'
  | 'storage-unavailable';

/**
 * 409: the request id already submitted an application, for another service (`where:
 * 'serviceId'`) or with other answers or another applicant, and nothing of this request was
 * sent. `receipt` is the one it did submit, so the kiosk can show the resident which.
 */
export const ApplicationConflictReplySchema = closed({
  error: Type.Literal('application-request-conflict'),
  message: Type.String(),
  where: Type.Optional(Type.Literal('serviceId')),
  receipt: ApplicationReceiptSchema,
});
export type ApplicationConflictReply = Static<typeof ApplicationConflictReplySchema>;

/** Print the confirmation slip of an application this terminal took. */
export const ApplicationPrintRequestSchema = closed({ reference: ApplicationReference });
export type ApplicationPrintRequest = Static<typeof ApplicationPrintRequestSchema>;

/** The usage event: which service, the reference and when; nothing the resident said. */
export const ApplicationSubmittedSchema = closed({
  serviceId: Token,
  reference: ApplicationReference,
  submittedAt: IsoTime,
});

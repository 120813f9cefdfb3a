import type {
  Answer,
  ApplicationErrorCode,
  ApplicationReceipt,
  ApplicationRefusalReply,
} from '../../agent/types.js';

/**
 * How the agent answered a submission, as the apply flow answers the resident (docs/flows.md,
 * "Apply"): each refusal leads where the resident can mend it, or to staff.
 */
export type SubmitOutcome =
  | { kind: 'submitted'; receipt: ApplicationReceipt }
  /**
   * The request id had already submitted this application (the reply was lost) and this
   * submission, sent with changes, was not: the resident sees which one went in.
   */
  | { kind: 'already-submitted'; receipt: ApplicationReceipt }
  /** Nothing committed (503), or no answer in time: the same request may be tried again. */
  | { kind: 'not-committed' }
  /** The card read the agent held for the application has gone: the card is read again. */
  | { kind: 'card-read-gone' }
  /** The agent refused the answer to this question: the resident looks at it again. */
  | { kind: 'answer-refused'; questionId: string }
  /** Refused for a reason the resident cannot mend at the kiosk. */
  | { kind: 'refused' };

export function submitOutcome(
  answer: Answer<ApplicationReceipt, ApplicationRefusalReply>,
): SubmitOutcome {
  if (answer.ok) return { kind: 'submitted', receipt: answer.value };
  if (answer.status === 0 || answer.status >= 500) return { kind: 'not-committed' };
  const { refusal } = answer;
  const { error, where } = refusal;
  switch (error as ApplicationErrorCode | undefined) {
    case 'application-request-conflict':
      return 'receipt' in refusal && refusal.receipt
        ? { kind: 'already-submitted', receipt: refusal.receipt }
        : { kind: 'refused' };
    case 'application-unknown-card-read':
      return { kind: 'card-read-gone' };
    case 'application-invalid-answer': {
      const questionId = where?.startsWith('answers.') ? where.slice('answers.'.length) : '';
      return questionId ? { kind: 'answer-refused', questionId } : { kind: 'refused' };
    }
    default:
      return { kind: 'refused' };
  }
}

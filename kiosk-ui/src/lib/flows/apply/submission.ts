import type { Answer, ApplicationErrorCode, ApplicationReceipt } from '../../agent/types.js';

/**
 * How the agent answered a submission, as the apply flow answers the resident (docs/flows.md,
 * "Apply"): each refusal leads where the resident can mend it, or to staff.
 */
export type SubmitOutcome =
  | { kind: 'submitted'; receipt: ApplicationReceipt }
  /** Nothing committed (503), or no answer in time: the same request may be tried again. */
  | { kind: 'not-committed' }
  /** The card read the agent held for the application has gone: the card is read again. */
  | { kind: 'card-read-gone' }
  /** The agent refused the answer to this question: the resident looks at it again. */
  | { kind: 'answer-refused'; questionId: string }
  /** Refused for a reason the resident cannot mend at the kiosk. */
  | { kind: 'refused' };

export function submitOutcome(answer: Answer<ApplicationReceipt>): SubmitOutcome {
  if (answer.ok) return { kind: 'submitted', receipt: answer.value };
  if (answer.status === 0 || answer.status >= 500) return { kind: 'not-committed' };
  const { error, where } = answer.refusal;
  switch (error as ApplicationErrorCode | undefined) {
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

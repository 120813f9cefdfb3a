import { err, localDate, ok, type EventLogger, type Result } from '@bianmin/common';
import type {
  ApplicationReceipt,
  ApplicationRefusalKind,
  ApplicationRequest,
} from '@bianmin/contract';
import {
  answerProblem,
  askedQuestions,
  type ApplicationQuestion,
} from '@bianmin/contract/application-answers';
import { isValidIdNumber } from '@bianmin/contract/id-number';
import type { CardHolds } from './card-holds.js';
import type {
  ApplicationConnector,
  ApplicationSubmission,
  SubmittedApplication,
} from './connector.js';
import type { ApplicationUsageLog } from './usage.js';

/** An application service's form in Chinese, as the slip prints it and the back office reads it. */
interface ChineseForm {
  questions: ApplicationQuestion<string>[];
  whatNext: string;
}

/** An application service as the kiosk's catalogue has it, in Chinese (./index.ts). */
export interface ApplicationService {
  id: string;
  name: string;
  application: ChineseForm;
}

/** For the kiosk's developers and the API reply, `message` names a question, never an answer. */
export type ApplicationRefusal =
  | { kind: ApplicationRefusalKind | 'not-committed'; message: string; question?: string }
  | {
      kind: 'request-conflict';
      message: string;
      /** What differs from the request that submitted it: the service, or what it sent. */
      field: 'serviceId' | 'content';
      /** The application the request id already submitted. */
      receipt: ApplicationReceipt;
    };

/** What the confirmation slip needs: nothing personal, so it may be kept in memory. */
export interface ApplicationSlipFacts {
  reference: string;
  serviceName: string;
  submittedAt: string;
  whatNext: string;
}

export interface ApplicationsDeps {
  services: readonly ApplicationService[];
  connector: ApplicationConnector;
  holds: Pick<CardHolds, 'peek' | 'take'>;
  usage: ApplicationUsageLog;
  /** Of a request's content (./request-fingerprint.ts): tells a retry from other content. */
  fingerprint: (request: ApplicationRequest) => string;
  logger: EventLogger;
  timeZone: string;
  now: () => Date;
  /** Called after the usage event was committed, so the uploader sends it soon. */
  onOutboxChanged: () => void;
}

/** Slips can be printed for the most recent applications only; a resident prints at once. */
const SLIPS_KEPT = 50;

const shownAnswer = (question: ApplicationQuestion<string>, answer: string): string => {
  if (answer === '') return '';
  switch (question.kind) {
    case 'choice':
      return question.options.find((o) => o.value === answer)?.label ?? answer;
    case 'number':
      return question.unit ? `${answer} ${question.unit}` : answer;
    default:
      return answer;
  }
};

/**
 * Takes a resident's application (docs/flows.md, "Apply"): checks it against the service's
 * form with the same rules the kiosk shows, fills in the name and number from the card the
 * agent holds (or the typed number), hands it to the connector with the
 * `application.submitted` usage event (service, reference, time) to commit alongside, and
 * answers once both are committed. Nothing the resident answered reaches a log or a usage
 * event.
 */
export function createApplications(deps: ApplicationsDeps) {
  const slips = new Map<string, ApplicationSlipFacts>();
  const refuse = (
    service: string,
    refusal: ApplicationRefusal,
  ): Result<never, ApplicationRefusal> => {
    deps.logger.event('application.refused', {
      service,
      reason: refusal.kind,
      ...(refusal.kind === 'request-conflict'
        ? { field: refusal.field, reference: refusal.receipt.reference }
        : refusal.question && { question: refusal.question }),
    });
    return err(refusal);
  };

  function answerRefusal(
    form: ChineseForm,
    request: ApplicationRequest,
  ): ApplicationRefusal | null {
    const asked = askedQuestions(form.questions, request.identity.source);
    const unasked = Object.keys(request.answers).find((id) => !asked.some((q) => q.id === id));
    if (unasked !== undefined) {
      const fromCard = form.questions.some((q) => q.id === unasked);
      return {
        kind: 'unknown-question',
        question: unasked,
        message: fromCard
          ? `"${unasked}" is answered by the ID card or the typed ID number, not by the resident.`
          : `This service's form has no question "${unasked}".`,
      };
    }
    const today = localDate(deps.now(), deps.timeZone);
    for (const question of asked) {
      const problem = answerProblem(question, request.answers[question.id] ?? '', today);
      if (problem) {
        return {
          kind: 'invalid-answer',
          question: question.id,
          message: `The answer to "${question.id}" is refused: ${problem}.`,
        };
      }
    }
    return null;
  }

  function applicant(request: ApplicationRequest, form: ChineseForm) {
    const { identity } = request;
    if (identity.source === 'card') {
      const card = deps.holds.peek(identity.readId);
      return card && { ...card, source: identity.source };
    }
    const nameQuestion = form.questions.find((q) => q.fromCard === 'name');
    const name = nameQuestion ? (request.answers[nameQuestion.id] ?? '').trim() : '';
    return { name, idNumber: identity.idNumber, source: identity.source };
  }

  const notCommitted = (service: string) =>
    refuse(service, {
      kind: 'not-committed',
      message: 'The application could not be committed; nothing was submitted.',
    });

  /** Once its usage event has committed: the uploader sends it soon. */
  function recorded(submitted: SubmittedApplication): void {
    deps.onOutboxChanged();
    deps.logger.event('application.submitted', {
      service: submitted.serviceId,
      reference: submitted.reference,
    });
  }

  /**
   * Once an application stands under the request's id, the card read it names has done its job,
   * whatever the answer (the receipt, a retry's, or a conflict): the name and ID number the
   * agent held for it go now, not at the session's end.
   */
  function releaseCard(request: ApplicationRequest) {
    if (request.identity.source === 'card') deps.holds.take(request.identity.readId);
  }

  /**
   * The receipt of the application the request id has, or, if this request asks for another
   * service or sends other content, a conflict naming it: never the first application's
   * reference for changes it does not hold (tickets answer a retry the same way).
   */
  function answerWith(
    submitted: SubmittedApplication,
    request: ApplicationRequest,
    fingerprint: string,
  ): Result<ApplicationReceipt, ApplicationRefusal> {
    const { reference, submittedAt } = submitted;
    const receipt = { reference, submittedAt, destination: deps.connector.destination };
    const service = deps.services.find((s) => s.id === submitted.serviceId);
    // Its slip prints either way: a conflict still shows the resident their application.
    if (service) {
      const { name, application } = service;
      remember({ reference, submittedAt, serviceName: name, whatNext: application.whatNext });
    }
    // One submitted before fingerprints were kept is taken as this request's, as before.
    const field =
      submitted.serviceId !== request.serviceId
        ? 'serviceId'
        : submitted.fingerprint !== null && submitted.fingerprint !== fingerprint
          ? 'content'
          : null;
    if (field === null) return ok(receipt);
    return refuse(request.serviceId, {
      kind: 'request-conflict',
      field,
      receipt,
      message:
        field === 'serviceId'
          ? 'This request id already submitted an application for another service; a new application needs a new id.'
          : 'This request id already submitted an application with other answers or another applicant; nothing of this one was sent.',
    });
  }

  function remember(facts: ApplicationSlipFacts) {
    slips.set(facts.reference, facts);
    for (const reference of slips.keys()) {
      if (slips.size <= SLIPS_KEPT) break;
      slips.delete(reference);
    }
  }

  return {
    async submit(
      request: ApplicationRequest,
    ): Promise<Result<ApplicationReceipt, ApplicationRefusal>> {
      const service = deps.services.find((s) => s.id === request.serviceId);
      if (!service) {
        return refuse(request.serviceId, {
          kind: 'unknown-service',
          message: `No enabled service "${request.serviceId}" takes applications at the kiosk.`,
        });
      }
      const form = service.application;
      const fingerprint = deps.fingerprint(request);
      // A retry of a submission already committed: the same reference, no second application,
      // and its usage event if a connector committing elsewhere lost it after its commit.
      const already = await deps.connector.find(request.requestId);
      if (already) {
        try {
          if (deps.usage.record(already)) recorded(already);
        } catch {
          return notCommitted(service.id);
        }
        releaseCard(request);
        return answerWith(already, request, fingerprint);
      }
      const refused = answerRefusal(form, request);
      if (refused) return refuse(service.id, refused);
      if (request.identity.source === 'id-number' && !isValidIdNumber(request.identity.idNumber)) {
        return refuse(service.id, {
          kind: 'invalid-id-number',
          message: 'The ID number fails the GB 11643 check.',
        });
      }
      const person = applicant(request, form);
      if (!person) {
        return refuse(service.id, {
          kind: 'unknown-card-read',
          message: 'The card read has expired or was used; place the card on the reader again.',
        });
      }
      const submission: ApplicationSubmission = {
        requestId: request.requestId,
        serviceId: service.id,
        serviceName: service.name,
        applicant: person,
        answers: askedQuestions(form.questions, request.identity.source).map((q) => {
          const answer = request.answers[q.id] ?? '';
          return { questionId: q.id, label: q.label, answer, shown: shownAnswer(q, answer) };
        }),
      };
      let recordedNow = false;
      const submitted = await deps.connector.submit(submission, {
        fingerprint,
        committing: (committed) => {
          recordedNow = deps.usage.record(committed);
        },
      });
      if (!submitted.ok) return notCommitted(service.id);
      if (recordedNow) recorded(submitted.value);
      releaseCard(request);
      // Another submission under this id can have committed first (two at once).
      return answerWith(submitted.value, request, fingerprint);
    },

    /** What the slip of a recent application shows; undefined for one not taken here lately. */
    slipFacts: (reference: string) => slips.get(reference),
  };
}

export type Applications = ReturnType<typeof createApplications>;

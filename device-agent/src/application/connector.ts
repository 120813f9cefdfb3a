import type { Result } from '@bianmin/common';
import type { ApplicationDestination } from '@bianmin/contract';

/**
 * Where a resident's application goes (docs/flows.md, "Apply"): the community back office
 * (帮办代办) through this terminal's outbox today, a provincial platform's connector later.
 * A connector holds the personal data of the application, because that is the application;
 * nothing of it goes to usage events, logs or the centre.
 */
export interface ApplicationSubmission {
  /** One per kiosk session: a retry with it must not submit a second application. */
  requestId: string;
  serviceId: string;
  serviceName: string;
  applicant: {
    name: string;
    idNumber: string;
    /** Read from the card, or typed on the keypad (the name then answered by the resident). */
    source: 'card' | 'id-number';
  };
  /** Every question in the form's order, with its label and the answer as the resident saw it. */
  answers: { questionId: string; label: string; answer: string; shown: string }[];
}

export interface SubmittedApplication {
  reference: string;
  serviceId: string;
  /** ISO 8601. */
  submittedAt: string;
}

type ConnectorFailure = { kind: 'unavailable'; detail: string };

export interface ApplicationConnector {
  /** Where applications go, in words the confirmation shows the resident as they are. */
  readonly destination: ApplicationDestination;
  /** The application a request id already submitted, so a retry is answered with it. */
  find(requestId: string): Promise<SubmittedApplication | undefined>;
  /** Resolves once the application is durably committed where it goes, never before. */
  submit(
    application: ApplicationSubmission,
  ): Promise<Result<SubmittedApplication, ConnectorFailure>>;
}

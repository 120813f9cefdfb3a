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
  /** The fingerprint it was submitted with; null for one submitted before they were kept. */
  fingerprint: string | null;
}

/** What a submission carries beside the application. */
export interface SubmitOptions {
  /**
   * Of the request the application came from (./request-fingerprint.ts), kept with it and
   * given back by `find`, so a retry with other content is told from a retry. It reveals
   * nothing of the answers.
   */
  fingerprint: string;
  /**
   * Given the committed application (or the one the request id already has) before `submit`
   * resolves: a connector that commits to the terminal's database runs it inside the same
   * transaction, so the usage event it records commits with the application or not at all;
   * if it throws, the submission fails. A connector committing elsewhere runs it after its
   * commit, and a failure there is mended by the retry (`find`).
   */
  committing: (submitted: SubmittedApplication) => void;
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
    options: SubmitOptions,
  ): Promise<Result<SubmittedApplication, ConnectorFailure>>;
}

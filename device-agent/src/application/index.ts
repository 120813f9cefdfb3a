import type { ResidentCatalogue } from '@bianmin/config';
import { mapQuestionText } from '@bianmin/contract/application-answers';
import type { ApplicationService } from './applications.js';

export { createCardHolds } from './card-holds.js';
export { createBackOfficeOutboxConnector } from './back-office-outbox.js';
export { createApplications } from './applications.js';
export { createApplicationUsageLog } from './usage.js';
export { createRequestFingerprint } from './request-fingerprint.js';

/**
 * The enabled services that take applications at the kiosk, as the agent checks them: in
 * Chinese, the language of the slip and the back office, whatever the resident's (docs/i18n.md).
 */
export function applicationServices(catalogue: ResidentCatalogue): ApplicationService[] {
  return catalogue.services.flatMap(({ id, name, application }) => {
    if (!application) return [];
    const chinese = (text: { 'zh-CN': string }) => text['zh-CN'];
    const questions = application.questions.map((q) => mapQuestionText(q, chinese));
    return [
      {
        id,
        name: chinese(name),
        application: { questions, whatNext: chinese(application.whatNext) },
      },
    ];
  });
}

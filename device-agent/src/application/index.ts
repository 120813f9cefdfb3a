import type { ResidentCatalogue } from '@bianmin/config';
import type { ApplicationService } from './applications.js';

export { createCardHolds } from './card-holds.js';
export { createBackOfficeOutboxConnector } from './back-office-outbox.js';
export { createApplications } from './applications.js';

/** The enabled services that take applications at the kiosk, as the agent checks them. */
export function applicationServices(catalogue: ResidentCatalogue): ApplicationService[] {
  return catalogue.services.flatMap((s) =>
    s.application ? [{ id: s.id, name: s.name['zh-CN'], application: s.application }] : [],
  );
}

import { err, ok, type Result } from '@bianmin/common';
import { z } from 'zod';
import type { ConfigProblem } from './problems.js';
import { ClosuresSchema, type Closure } from './service-hours.js';
import type { ServiceCatalogue } from './services.js';
import { ServiceWindowSchema, type ServiceWindow } from './terminal.js';
import { validateConfig, validateWith } from './validate.js';

/** The configuration parts the centre publishes to terminals (docs/remote-config.md). */
export interface RemoteParts {
  services?: ServiceCatalogue;
  serviceHours?: ServiceWindow[];
  closures?: Closure[];
}

const ServiceHoursSchema = z
  .array(ServiceWindowSchema, {
    error:
      'a list of at least one service window, e.g. [{"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "17:30"}]',
  })
  .min(1);

/**
 * Checks each part present with the very validators the terminal's own files go through, so
 * the centre refuses a release a terminal would refuse, with the same where/what/how. Each
 * problem's `file` names the part, e.g. `services`.
 */
export function validateRemoteParts(parts: {
  services?: unknown;
  serviceHours?: unknown;
  closures?: unknown;
}): Result<RemoteParts, ConfigProblem[]> {
  const checked: RemoteParts = {};
  const problems: ConfigProblem[] = [];
  if (parts.services !== undefined) {
    const services = validateConfig('services', parts.services, 'services');
    if (services.ok) checked.services = services.value;
    else problems.push(...services.error);
  }
  if (parts.serviceHours !== undefined) {
    const hours = validateWith(ServiceHoursSchema, parts.serviceHours, { file: 'serviceHours' });
    if (hours.ok) checked.serviceHours = hours.value;
    else problems.push(...hours.error);
  }
  if (parts.closures !== undefined) {
    const closures = validateWith(ClosuresSchema, parts.closures, { file: 'closures' });
    if (closures.ok) checked.closures = closures.value;
    else problems.push(...closures.error);
  }
  return problems.length === 0 ? ok(checked) : err(problems);
}

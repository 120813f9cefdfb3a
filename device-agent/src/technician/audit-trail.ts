import type { EventLogger } from '@bianmin/common';
import type { TechnicianAuditCode, TechnicianAuditOutcome } from '@bianmin/contract';
import type { AuditLog } from './audit-log.js';

type Method = 'pin' | 'card';

/**
 * Every entry, exit and action of technician mode, said once: as its log line
 * (docs/log-events.md) and as an entry of the audit log an administrator reads on the screen.
 * Who is an account id (`unknown` before a sign-in); nothing of a PIN or a card.
 */
export function createAuditTrail(logger: EventLogger, log: Pick<AuditLog, 'record'>) {
  return {
    signedIn(account: { id: string; role: string }, method: Method): void {
      logger.event('technician.signed-in', { account: account.id, role: account.role, method });
      log.record({ account: account.id, action: 'sign-in', outcome: 'signed-in', subject: method });
    },
    signInRefused(reason: TechnicianAuditCode, method: Method, lockedSeconds?: number): void {
      logger.event('technician.sign-in-refused', {
        reason,
        method,
        ...(lockedSeconds !== undefined && { lockedSeconds }),
      });
      log.record({ account: 'unknown', action: 'sign-in', outcome: reason, subject: method });
    },
    signedOut(account: string, reason: 'exit' | 'idle' | 'replaced'): void {
      logger.event('technician.signed-out', { account, reason });
      log.record({ account, action: 'sign-out', outcome: reason });
    },
    requestRefused(route: string, status: 401 | 403, account = 'unknown'): void {
      logger.event('technician.request-refused', { route, status });
      log.record({ account, action: 'request', outcome: `refused-${status}`, subject: route });
    },
    action(
      account: string,
      action: string,
      outcome: TechnicianAuditOutcome,
      device?: string,
    ): void {
      logger.event('technician.action', { account, action, outcome, ...(device && { device }) });
      log.record({ account, action, outcome, ...(device && { subject: device }) });
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;

import { err, ok, type Result } from '@bianmin/common';
import { ADMIN_ACCOUNTS_PATH, type Account, type CreateAccount } from '@bianmin/contract';
import type { AdminCallError } from '../trust/index.js';

/** Creates a monitoring account through the centre's administrator API (`npm run centre:admin`). */
export async function createMonitoringAccount(
  options: { centreUrl: string; adminToken: string },
  account: CreateAccount,
): Promise<Result<Account, AdminCallError>> {
  const url = options.centreUrl.replace(/\/+$/, '') + ADMIN_ACCOUNTS_PATH;
  let response: Response;
  let parsed: unknown;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(account),
      signal: AbortSignal.timeout(15_000),
    });
    parsed = await response.json().catch(() => ({}));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return err({ status: 0, error: 'network', message: `${url}: ${detail}` });
  }
  if (response.ok) return ok(parsed as Account);
  const reply = parsed as { error?: unknown; message?: unknown };
  return err({
    status: response.status,
    error: typeof reply.error === 'string' ? reply.error : `http-${response.status}`,
    message: typeof reply.message === 'string' ? reply.message : '',
  });
}

import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import type { ErrorReply } from '@bianmin/contract';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

/**
 * The centre's monitoring API on this origin. A 401 means the session ended (logged out,
 * expired or idle): the app goes to the login page instead of showing an error.
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    });
  } catch {
    return { ok: false, status: 0, message: '无法连接监测中心，请检查网络后重试。' };
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, value: body as T };
  if (response.status === 401 && !path.endsWith('/login')) {
    await goto(resolve('/login'));
  }
  const reply = body as Partial<ErrorReply> | null;
  // The centre's messages read "中文 / English"; the app shows the Chinese half.
  const message = reply?.message?.split(' / ')[0] ?? `请求失败（${response.status}）`;
  return { ok: false, status: response.status, message };
}

export const post = <T>(path: string, body: unknown) =>
  api<T>(path, { method: 'POST', body: JSON.stringify(body) });

/** A query string of the filters that are set. */
export function queryOf(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

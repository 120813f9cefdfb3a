import { err, ok, type Result } from '@bianmin/common';
import {
  ADMIN_ENROLMENT_TOKEN_PATH,
  ADMIN_REVOKE_PATH,
  ADMIN_TERMINALS_PATH,
  ADMIN_TERMINAL_PATH,
  type CreateTerminal,
  type EnrolmentTokenReply,
  type RegionUnit,
  type RegisteredTerminalView,
  type TerminalIdentity,
  ADMIN_CONFIG_PREVIEW_PATH,
  ADMIN_CONFIG_RELEASES_PATH,
  type ConfigDocument,
  type ConfigRelease,
  type ConfigReleaseReply,
} from '@bianmin/contract';

/**
 * The create request for a terminal described as terminal.json describes it, copying only
 * the identity's fields (the file holds more, and the centre refuses unknown fields).
 */
export function createTerminalRequest(
  terminal: { terminalId: string } & TerminalIdentity,
  tokenValidHours?: number,
): CreateTerminal {
  const unit = (u: RegionUnit): RegionUnit => ({ name: u.name, code: u.code });
  const { community, region } = terminal;
  return {
    terminalId: terminal.terminalId,
    terminal: {
      name: terminal.name,
      community: { name: community.name, code: community.code, kind: community.kind },
      region: {
        street: unit(region.street),
        county: unit(region.county),
        city: unit(region.city),
        province: unit(region.province),
      },
    },
    ...(tokenValidHours !== undefined && { tokenValidHours }),
  };
}

export interface AdminCallError {
  /** HTTP status, or 0 when the centre could not be reached. */
  status: number;
  /** The centre's reason code (e.g. terminal-exists, admin-unauthorised) or 'network'. */
  error: string;
  message: string;
}

/**
 * The administrator routes over HTTP, for `npm run centre:admin`, `npm start` and tests:
 * one path to the registry whatever database the centre runs on.
 */
export function createCentreAdminClient(options: {
  centreUrl: string;
  adminToken: string;
  fetch?: typeof fetch;
}) {
  const base = options.centreUrl.replace(/\/+$/, '');
  const fetchFn = options.fetch ?? globalThis.fetch;
  const pathFor = (template: string, terminalId: string) =>
    template.replace(':terminalId', encodeURIComponent(terminalId));

  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Result<T, AdminCallError>> => {
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(base + path, {
        method,
        headers: {
          authorization: `Bearer ${options.adminToken}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      text = await response.text();
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return err({ status: 0, error: 'network', message: `${base}: ${detail}` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) return ok(parsed as T);
    const reply = (parsed ?? {}) as { error?: unknown; message?: unknown };
    return err({
      status: response.status,
      error: typeof reply.error === 'string' ? reply.error : `http-${response.status}`,
      message: typeof reply.message === 'string' ? reply.message : text.slice(0, 200),
    });
  };

  return {
    createTerminal: (request: CreateTerminal) =>
      call<EnrolmentTokenReply>('POST', ADMIN_TERMINALS_PATH, request),
    issueToken: (terminalId: string, tokenValidHours?: number) =>
      call<EnrolmentTokenReply>(
        'POST',
        pathFor(ADMIN_ENROLMENT_TOKEN_PATH, terminalId),
        tokenValidHours === undefined ? {} : { tokenValidHours },
      ),
    revoke: (terminalId: string) =>
      call<RegisteredTerminalView>('POST', pathFor(ADMIN_REVOKE_PATH, terminalId)),
    get: (terminalId: string) =>
      call<RegisteredTerminalView>('GET', pathFor(ADMIN_TERMINAL_PATH, terminalId)),
    /** Publishes remote configuration (docs/remote-config.md). */
    publishConfig: (release: ConfigRelease) =>
      call<ConfigReleaseReply>('POST', ADMIN_CONFIG_RELEASES_PATH, release),
    /** The document a terminal would receive now, and the version it runs. */
    previewConfig: (terminalId: string) =>
      call<{ document: ConfigDocument; running: number | null }>(
        'GET',
        pathFor(ADMIN_CONFIG_PREVIEW_PATH, terminalId),
      ),
  };
}

export type CentreAdminClient = ReturnType<typeof createCentreAdminClient>;

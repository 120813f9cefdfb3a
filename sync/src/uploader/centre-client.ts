import type { EventLogger, Result } from '@bianmin/common';
import type { ConfigKey } from '@bianmin/contract';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { createEnrolment } from './enrolment.js';
import { createNodeHttpPost, fetchPost } from './http-post.js';
import { postJson } from './post-json.js';
import { createRefusalLog } from './refusal-log.js';
import { createRequestSigner } from './request-signer.js';
import type { UploadError } from './upload-error.js';

/** The terminal's signed requests to the centre, each after enrolment when one is due. */
export interface CentreClient {
  /** The parsed JSON reply of a 2xx, or why there is none; a trust refusal is logged. */
  post(path: string, body: unknown, timeoutMs?: number): Promise<Result<unknown, UploadError>>;
  /**
   * Waits for the requests still out (each ends by its timeout at the latest), then closes the
   * kept-alive connections: closing first would reset a request on the wire.
   */
  close(): Promise<void>;
}

interface CentreClientOptions {
  credentials: TerminalCredentials;
  terminalId: string;
  /** Base URL of the centre; a trailing slash is dropped. */
  centreUrl: string;
  timeoutMs: number;
  /** Stands in for the network in tests; node:http otherwise (http-post.ts says why). */
  fetch?: typeof fetch | undefined;
  logger?: EventLogger | undefined;
  onCentreConfigKey?: ((key: ConfigKey) => void) | undefined;
}

export function createCentreClient(options: CentreClientOptions): CentreClient {
  const send = options.fetch ? fetchPost(options.fetch) : createNodeHttpPost();
  const baseUrl = options.centreUrl.replace(/\/+$/, '');
  const signer = createRequestSigner(options.credentials);
  const postSigned = (path: string, body: unknown, timeoutMs = options.timeoutMs) =>
    postJson({ send, baseUrl, path, body, timeoutMs, signer });
  const refusals = createRefusalLog(options.logger);
  const enrolment = createEnrolment({
    credentials: options.credentials,
    terminalId: options.terminalId,
    post: postSigned,
    refusals,
    logger: options.logger,
    onCentreConfigKey: options.onCentreConfigKey,
  });

  const out = new Set<Promise<unknown>>();
  const tracked = <T>(request: Promise<T>): Promise<T> => {
    out.add(request);
    const settled = () => out.delete(request);
    request.then(settled, settled);
    return request;
  };

  return {
    async post(path, body, timeoutMs) {
      const enrolled = await enrolment.run();
      if (!enrolled.ok) return enrolled;
      const reply = await tracked(postSigned(path, body, timeoutMs));
      if (reply.ok) refusals.accepted();
      else refusals.refused(path, reply.error);
      return reply;
    },
    async close() {
      await Promise.allSettled([enrolment.current, ...out]);
      send.close();
    },
  };
}

/**
 * How long a client may take, shared by the agent and the centre. Without these, 2,000
 * half-sent requests stayed open for 91 s and held the server's sockets. The socket idle
 * timeout stays above the agent's event-stream keep-alive (a comment every 15 s).
 */
export interface ServerLimits {
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** A socket with no traffic at all is closed after this. */
  idleTimeoutMs: number;
  /** How often Node checks requests against requestTimeoutMs. */
  checkEveryMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  checkEveryMs: 1_000,
};

/** Fastify's options for the limits. */
export function serverLimitOptions(limits: ServerLimits = DEFAULT_SERVER_LIMITS) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: 5_000,
    http: {
      headersTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
  };
}

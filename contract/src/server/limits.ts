/**
 * How long a client may take, shared by the agent and the centre. Without these, 2,000
 * half-sent requests stayed open for 91 s and held the server's sockets. The socket idle
 * timeout stays above the agent's event-stream keep-alive (a comment every 15 s).
 */
export interface ServerLimits {
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /**
   * A socket with no traffic at all is closed after this, and so is a kept-alive connection
   * between requests. Above a front proxy's own idle time (nginx's upstream keep-alive is
   * 60 s), its pool of connections stays open: it never sends on one the server is closing,
   * and a busy server is not asked to accept and set up a burst of new connections, which it
   * does late (docs/benchmarks.md, ninth round).
   */
  idleTimeoutMs: number;
  /** How often Node checks requests against requestTimeoutMs. */
  checkEveryMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 10_000,
  idleTimeoutMs: 75_000,
  checkEveryMs: 1_000,
};

/** Fastify's options for the limits. */
export function serverLimitOptions(limits: ServerLimits = DEFAULT_SERVER_LIMITS) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
  };
}

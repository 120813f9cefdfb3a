/**
 * The heartbeat benchmark's trace (centre-heartbeat.ts), of the centre in the same process.
 */
import type { Server } from 'node:http';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import type { PostgresStorage } from '../../sync/src/central/storage/postgres/open-storage.js';

/**
 * BENCH_HEARTBEAT_TRACE=1: where a stall comes from, second by second of the load: the most
 * requests in the centre at once, the most callers waiting for a pooled connection, the
 * event loop's longest delay, the garbage collectors' pauses, and the slowest statement that
 * ended (docs/benchmarks.md).
 */
export function startTrace(server: Server, pool?: PostgresStorage['pool']) {
  if (process.env.BENCH_HEARTBEAT_TRACE !== '1') return undefined;
  const t0 = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  interface Second {
    inFlight: number;
    poolWaiting: number;
    loopMs: number;
    /** The centre's CPU (user + system) in this second, ms: 1,000 is one whole core. */
    cpuMs: number;
    /** The longest a request that ended in this second spent inside the centre, ms. */
    inCentreMs: number;
    /** Pauses of the young generation's collector (scavenges) and of full ones, ms. */
    youngGcMs: number;
    fullGcMs: number;
    slowest: { ms: number; text: string; startedAt: number };
  }
  const seconds: Second[] = [];
  const secondOf = (at: number) => {
    const i = Math.floor((at - t0) / 1000);
    seconds[i] ??= {
      inFlight: 0,
      poolWaiting: 0,
      loopMs: 0,
      cpuMs: 0,
      inCentreMs: 0,
      youngGcMs: 0,
      fullGcMs: 0,
      slowest: { ms: 0, text: '', startedAt: 0 },
    };
    return seconds[i];
  };
  let inFlight = 0;
  const onRequest = (_req: unknown, res: { once(e: string, f: () => void): void }) => {
    inFlight += 1;
    const arrived = performance.now();
    res.once('close', () => {
      inFlight -= 1;
      const end = performance.now();
      const s = secondOf(end);
      s.inCentreMs = Math.max(s.inCentreMs, end - arrived);
    });
  };
  server.on('request', onRequest);
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const s = secondOf(entry.startTime);
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) s.fullGcMs += entry.duration;
      else s.youngGcMs += entry.duration;
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  // The clients' prototype, without importing `pg` here (the centre's dependency).
  type Query = (...args: unknown[]) => unknown;
  const clients: { query?: Query } =
    (pool as unknown as { Client?: { prototype: { query: Query } } } | undefined)?.Client
      ?.prototype ?? {};
  const original = clients.query;
  if (original !== undefined)
    clients.query = function tracedQuery(this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '?');
      const startedAt = performance.now();
      const ended = () => {
        const end = performance.now();
        const s = secondOf(end);
        if (end - startedAt > s.slowest.ms) {
          s.slowest = {
            ms: end - startedAt,
            text,
            startedAt: (startedAt - t0) / 1000,
          };
        }
      };
      // `pool.query` calls a client's with a callback, other callers await its promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...r: unknown[]) => {
          ended();
          return (callback as (...a: unknown[]) => unknown)(...r);
        };
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) void result.then(ended, ended);
      return result;
    };
  let cpuBefore = process.cpuUsage();
  const sampler = setInterval(() => {
    const s = secondOf(performance.now());
    const used = process.cpuUsage(cpuBefore);
    cpuBefore = process.cpuUsage();
    s.cpuMs += (used.user + used.system) / 1000;
    s.inFlight = Math.max(s.inFlight, inFlight);
    s.poolWaiting = Math.max(s.poolWaiting, pool?.waitingCount ?? 0);
    s.loopMs = Math.max(s.loopMs, loop.max / 1e6);
    loop.reset();
  }, 50);
  return {
    stop() {
      clearInterval(sampler);
      loop.disable();
      gcs.disconnect();
      server.off('request', onRequest);
      if (original !== undefined) clients.query = original;
      // From the first request on: the client signs the run's requests before sending any.
      const first = seconds.findIndex((s) => s !== undefined && s.inFlight > 0);
      return seconds
        .slice(Math.max(first, 0))
        .map(
          (s, i) =>
            `${i + Math.max(first, 0)}s in-flight ${s.inFlight} pool-waiting ${s.poolWaiting} loop ${s.loopMs.toFixed(0)} ms ` +
            `cpu ${s.cpuMs.toFixed(0)} ms in-centre ${s.inCentreMs.toFixed(0)} ms ` +
            `gc young ${s.youngGcMs.toFixed(0)} ms full ${s.fullGcMs.toFixed(0)} ms ` +
            `slowest ${s.slowest.ms.toFixed(0)} ms (from ${s.slowest.startedAt.toFixed(2)} s) ${s.slowest.text.replace(/\s+/g, ' ').trim().slice(0, 60)}`,
        )
        .join('\n');
    },
  };
}

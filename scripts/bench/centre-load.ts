/**
 * The load generator of the centre benchmarks, forked as a child process so that it never
 * shares the centre's event loop: it signs every request as its terminal (docs/protocol.md)
 * and sends it over keep-alive HTTP connections, then reports the latencies to its parent.
 *
 * - closed: each terminal sends event batches one after another (as an uploader draining a
 *   backlog does) until the time is up. The batches' bodies are built beforehand
 *   (`preparedEventsPerSecond`), each request signed and its sentAt set as it is sent.
 * - open: heartbeats at a fixed rate, each on its own schedule whatever the replies do;
 *   latency counts from the scheduled time, so a stalled centre shows as the queue it builds.
 *   Every heartbeat is signed before the clock starts (`presign`, the default), so that the
 *   client's Ed25519 signing does not compete with the centre for the machine's cores while
 *   it is measured; the client's own CPU time in the measured window is reported apart.
 */
import { Agent, request } from 'node:http';
import { ed25519, newNonce, signatureHeaders } from '../../sync/src/signing/index.js';
import { asciiJsonBytes } from '../../sync/src/uploader/ascii-json.js';
import { heartbeatBody, ticketEvent } from '../../sync/src/testing/fixtures.js';

export interface LoadTerminal {
  terminalId: string;
  privateKey: string;
}

export type LoadPlan =
  | {
      kind: 'closed';
      url: string;
      path: string;
      seconds: number;
      eventsPerBatch: number;
      terminals: LoadTerminal[];
      /**
       * Batches for this many events a second over the whole run are built before the clock
       * starts (0: each as it is sent).
       */
      preparedEventsPerSecond?: number;
    }
  | {
      kind: 'open';
      url: string;
      path: string;
      seconds: number;
      perSecond: number;
      terminals: LoadTerminal[];
      /** Sign each request when it is sent instead of all of them beforehand. */
      signAsSent?: boolean;
      /**
       * Seconds at the same rate sent first, their latencies reported apart (`warmup`): a
       * centre's first seconds under load are its start, not its steady state.
       */
      warmupSeconds?: number;
    };

export interface LoadResult {
  requests: number;
  events: number;
  seconds: number;
  /** Milliseconds per request (closed: from send; open: from the scheduled time). */
  samples: number[];
  /** Replies other than 200, by status (0: no reply). */
  failures: Record<string, number>;
  /** The open load's warm-up seconds, apart from `requests` and `samples`. */
  warmup?: { requests: number; samples: number[] };
  /** CPU time (user + system) of this client process while it sent, in milliseconds. */
  clientCpuMs: number;
  /**
   * Open load: milliseconds each request left after its scheduled time (the client's own
   * lateness, which its latency includes), for the warm-up and the measured seconds.
   */
  sendLag?: { warmup: number[]; measured: number[] };
  /**
   * Open load, one flag per `samples` entry: whether its request went out on a connection
   * opened for it (the server accepts and sets it up first) rather than a kept-alive one.
   */
  onNewConnection?: boolean[];
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

// As a front proxy's pool of connections to the centre: the connections a burst opened stay
// open for the next one (Node's agent would otherwise close all but 256 idle ones), since a
// busy centre accepts and sets up new connections late (docs/benchmarks.md, ninth round).
const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });

interface Reply {
  status: number;
  /** Whether the request went out on a connection opened for it. */
  opened: boolean;
}

function post(url: URL, path: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<Reply>((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, opened: !req.reusedSocket }));
      },
    );
    req.on('error', () => resolve({ status: 0, opened: !req.reusedSocket }));
    req.end(body);
  });
}

function sign(t: LoadTerminal, path: string, body: Buffer) {
  return signatureHeaders(ed25519, t.privateKey, {
    method: 'POST',
    path,
    body,
    terminalId: t.terminalId,
    timeMs: Date.now(),
    nonce: newNonce(),
  });
}

/** `"sentAt":"` then the 24 characters of toISOString: patched in place at each send. */
const SENT_AT = Buffer.from('"sentAt":"');

interface PreparedBatch {
  body: Buffer;
  /** Where the sentAt value's 24 bytes start in `body`. */
  sentAt: number;
}

/**
 * A terminal's batch b as its uploader sends it (sync/src/uploader/ascii-json.ts): events
 * b * size + 1 onwards of the bench epoch, each unique to its terminal, epoch and seq.
 */
function prepareBatch(
  terminalId: string,
  b: number,
  size: number,
  createdAt: string,
): PreparedBatch {
  const body = asciiJsonBytes({
    terminalId,
    epoch: 'bench-epoch',
    sentAt: new Date().toISOString(),
    events: Array.from({ length: size }, (_, i) => ticketEvent(b * size + i + 1, createdAt)),
  });
  return { body, sentAt: body.indexOf(SENT_AT) + SENT_AT.length };
}

async function runClosed(plan: Extract<LoadPlan, { kind: 'closed' }>): Promise<LoadResult> {
  const url = new URL(plan.url);
  const samples: number[] = [];
  const failures: Record<string, number> = {};
  let events = 0;
  const createdAt = new Date().toISOString();
  // Built before the clock starts (the events' JSON is most of a client's CPU), signed as
  // sent: each request's signature then has its own time and nonce, and its body the
  // sentAt of its sending, however long the run.
  const perTerminal = Math.ceil(
    ((plan.preparedEventsPerSecond ?? 0) * plan.seconds) /
      plan.terminals.length /
      plan.eventsPerBatch,
  );
  const prepared = plan.terminals.map((t) =>
    Array.from({ length: perTerminal }, (_, b): PreparedBatch | undefined =>
      prepareBatch(t.terminalId, b, plan.eventsPerBatch, createdAt),
    ),
  );
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + plan.seconds * 1000;
  await Promise.all(
    plan.terminals.map(async (t, n) => {
      for (let b = 0; performance.now() < until; b++) {
        // A terminal past its prepared batches builds the rest as it goes, counted.
        const batch =
          prepared[n]![b] ?? prepareBatch(t.terminalId, b, plan.eventsPerBatch, createdAt);
        prepared[n]![b] = undefined;
        const { body } = batch;
        body.write(new Date().toISOString(), batch.sentAt, 'latin1');
        const t0 = performance.now();
        const { status } = await post(url, plan.path, body, sign(t, plan.path, body));
        samples.push(performance.now() - t0);
        if (status === 200) events += plan.eventsPerBatch;
        else failures[status] = (failures[status] ?? 0) + 1;
      }
    }),
  );
  return {
    requests: samples.length,
    events,
    seconds: (performance.now() - started) / 1000,
    samples,
    failures,
    clientCpuMs: cpuMsSince(cpu),
  };
}

async function runOpen(plan: Extract<LoadPlan, { kind: 'open' }>): Promise<LoadResult> {
  const url = new URL(plan.url);
  const warm = Math.round(plan.perSecond * (plan.warmupSeconds ?? 0));
  const total = warm + Math.round(plan.perSecond * plan.seconds);
  const samples: number[] = [];
  const warmSamples: number[] = [];
  const failures: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  const lag = { warmup: [] as number[], measured: [] as number[] };
  const onNewConnection: boolean[] = [];
  const heartbeat = (i: number) => {
    const t = plan.terminals[i % plan.terminals.length]!;
    // As the uploader sends it (sync/src/uploader/heartbeat-body.ts): with the outbox's epoch
    // (the reply carries the centre's position) and the configuration version running.
    const body = Buffer.from(
      JSON.stringify({
        ...heartbeatBody(t.terminalId, new Date().toISOString()),
        outboxEpoch: 'bench-epoch',
        configVersion: 0,
      }),
    );
    return { body, headers: sign(t, plan.path, body) };
  };
  const signed = plan.signAsSent ? [] : Array.from({ length: total }, (_, i) => heartbeat(i));
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  // Sends every request whose time has come, then yields: a busy client falls behind its
  // schedule, which the latency (from the scheduled time) then includes.
  while (next < total) {
    const now = performance.now();
    while (next < total && started + (next * 1000) / plan.perSecond <= now) {
      const scheduled = started + (next * 1000) / plan.perSecond;
      const { body, headers } = signed[next] ?? heartbeat(next);
      const into = next < warm ? warmSamples : samples;
      (next < warm ? lag.warmup : lag.measured).push(now - scheduled);
      const measured = next >= warm;
      pending.push(
        post(url, plan.path, body, headers).then(({ status, opened }) => {
          into.push(performance.now() - scheduled);
          if (measured) onNewConnection.push(opened);
          if (status !== 200) failures[status] = (failures[status] ?? 0) + 1;
        }),
      );
      next += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return {
    requests: total - warm,
    events: 0,
    seconds: (performance.now() - started) / 1000,
    samples,
    failures,
    clientCpuMs: cpuMsSince(cpu),
    sendLag: lag,
    onNewConnection,
    ...(warm > 0 && { warmup: { requests: warm, samples: warmSamples } }),
  };
}

process.on('message', (plan: LoadPlan) => {
  void (plan.kind === 'closed' ? runClosed(plan) : runOpen(plan)).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});

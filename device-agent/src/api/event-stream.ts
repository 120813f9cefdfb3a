import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createPeriodic, type Clock, type EventLogger } from '@bianmin/common';
import {
  AGENT_API_PREFIX,
  AGENT_EVENTS_PATH,
  DEVICE_IDS,
  stateSpec,
  type AgentEvent,
  type AgentEventType,
  type CardPresence,
  type DeviceReport,
  type DeviceStatus,
  type Notices,
  type ReportedDeviceStates,
} from '@bianmin/contract';

/** A comment line this often keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** How long the browser waits before it reconnects on its own. */
const RECONNECT_MS = 1000;
/** A subscriber this far behind is not reading: it is dropped and reconnects to a resync. */
const MAX_BUFFERED_BYTES = 64 * 1024;

/** What a display subscriber is sent besides each connection's `resync`. */
const DISPLAY_EVENTS: ReadonlySet<AgentEventType> = new Set([
  'queue-called',
  'queue-changed',
  'rating-requested',
  'notices',
  // 呼叫工作人员: for the counters' consoles. A screen name and a time, nothing of the resident.
  'staff-called',
  'staff-call-answered',
]);

export interface EventStreamOptions {
  /** The state a new subscriber starts from (the `resync` event): attached devices only. */
  deviceStates: () => ReportedDeviceStates;
  cardPresence: () => CardPresence;
  /** The warnings and announcements shown now (notices/notice-board.ts). */
  notices: () => Notices;
  /** Called with the number of subscribers whenever it changes. */
  onSubscribersChanged: (count: number) => void;
  logger: EventLogger;
  heartbeatMs?: number;
  clock?: Clock;
}

export interface EventStream {
  /** Adds `GET /events`; call inside the API prefix. */
  register(api: FastifyInstance): void;
  publish(event: AgentEvent): void;
  deviceChanged(status: DeviceStatus): void;
  /** Ends every stream; browsers that are still there reconnect to the next agent. */
  close(): void;
}

function deviceReport(status: DeviceStatus): DeviceReport {
  return { status, severity: stateSpec(status.device, status.state)?.severity ?? 'fault' };
}

/** A hall display's or counter console's stream (`?for=display`): the queue's events only. */
export function isDisplayStream(request: FastifyRequest): boolean {
  return (
    request.url.split('?')[0] === `${AGENT_API_PREFIX}${AGENT_EVENTS_PATH}` &&
    new URL(request.url, 'http://agent').searchParams.get('for') === 'display'
  );
}

/**
 * The agent's push channel to the kiosk: server-sent events, one JSON object per message
 * (the types are in the contract, `AgentEventSchema`). Each connection starts with a
 * `resync` carrying the current state, so a kiosk that reconnects has missed nothing it needs.
 */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { logger } = options;
  const subscribers = new Set<ServerResponse>();
  /**
   * Hall displays and counter consoles (`?for=display`): other machines on the hall's
   * network. They get the queue's events only, never a card's, and do not count as a kiosk
   * listening for cards.
   */
  const displays = new Set<ServerResponse>();

  const heartbeat = createPeriodic({
    task: () => {
      for (const raw of [...subscribers, ...displays]) write(raw, ':\n\n');
    },
    intervalMs: options.heartbeatMs ?? HEARTBEAT_MS,
    firstDelayMs: options.heartbeatMs ?? HEARTBEAT_MS,
    onError: () => undefined,
    ...(options.clock && { clock: options.clock }),
  });
  heartbeat.start();

  function message(event: AgentEvent): string {
    return `data: ${JSON.stringify(event)}\n\n`;
  }

  function write(raw: ServerResponse, text: string): void {
    if (raw.destroyed || raw.writableEnded) return;
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      raw.destroy();
      return;
    }
    raw.write(text);
  }

  function resync(): AgentEvent {
    const states = options.deviceStates();
    return {
      type: 'resync',
      devices: DEVICE_IDS.flatMap((device) =>
        states[device] === undefined
          ? []
          : [deviceReport({ device, state: states[device] } as DeviceStatus)],
      ),
      card: options.cardPresence(),
      notices: options.notices(),
    };
  }

  function publish(event: AgentEvent): void {
    const text = message(event);
    for (const raw of subscribers) write(raw, text);
    if (!DISPLAY_EVENTS.has(event.type)) return;
    for (const raw of displays) write(raw, text);
  }

  function remove(raw: ServerResponse): void {
    if (displays.delete(raw)) return;
    if (!subscribers.delete(raw)) return;
    logger.event('agent.event-stream-closed', { subscribers: subscribers.size });
    options.onSubscribersChanged(subscribers.size);
  }

  return {
    register(api) {
      api.get(AGENT_EVENTS_PATH, (request, reply) => {
        // The stream is written by hand; Fastify must not answer this request itself.
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-store, no-transform',
          connection: 'keep-alive',
          // Tells a buffering reverse proxy (nginx) to pass each message on at once.
          'x-accel-buffering': 'no',
        });
        request.raw.socket.setNoDelay(true);
        raw.write(`retry: ${RECONNECT_MS}\n${message(resync())}`);
        raw.on('close', () => remove(raw));
        // A write racing a disconnect must not become an unhandled 'error' that ends the agent.
        raw.on('error', () => remove(raw));
        if (isDisplayStream(request)) {
          displays.add(raw);
          return;
        }
        subscribers.add(raw);
        logger.event('agent.event-stream-opened', { subscribers: subscribers.size });
        options.onSubscribersChanged(subscribers.size);
      });
    },
    publish,
    deviceChanged: (status) => publish({ type: 'device-state', device: deviceReport(status) }),
    close() {
      void heartbeat.stop();
      for (const raw of [...subscribers, ...displays]) {
        raw.end();
        remove(raw);
      }
    },
  };
}

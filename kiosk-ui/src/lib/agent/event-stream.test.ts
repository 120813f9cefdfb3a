import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from './types.js';
import { openAgentEvents, parseAgentEvent, type EventSourceLike } from './event-stream.js';

const resync: AgentEvent = {
  type: 'resync',
  devices: [{ status: { device: 'idCardReader', state: 'ready' }, severity: 'ok' }],
  card: 'none',
  notices: {
    warnings: [
      {
        id: 'rain-1',
        level: 'red',
        title: '暴雨红色预警',
        text: '请减少外出。',
        issuedAt: '2026-07-01T08:00:00+08:00',
        expiresAt: '2026-07-01T20:00:00+08:00',
      },
    ],
    announcements: [],
  },
};

describe('parseAgentEvent', () => {
  it('accepts each event type the contract declares', () => {
    const events: AgentEvent[] = [
      resync,
      {
        type: 'device-state',
        device: { status: { device: 'printer', state: 'no-paper' }, severity: 'fault' },
      },
      { type: 'card-placed' },
      { type: 'card-read', holder: { maskedName: '王*英', priorityByAge: true } },
      { type: 'card-unreadable', reason: 'place-flat' },
      { type: 'card-removed' },
      { type: 'code-scanned', symbology: 'qr', text: 'https://example.cn/预约?id=A1' },
      { type: 'code-scanned', symbology: 'unknown', text: 'x'.repeat(2048) },
      { type: 'code-rejected', reason: 'control-character' },
      {
        type: 'rating-requested',
        request: { counter: 2, counterName: '2号窗口', serviceId: 'medical-insurance' },
      },
      {
        type: 'notices',
        notices: {
          warnings: [],
          announcements: [
            {
              id: 'water',
              text: '周三停水。',
              startsAt: '2026-07-01T08:00:00+08:00',
              expiresAt: '2026-07-02T20:00:00+08:00',
            },
          ],
        },
      },
    ];
    for (const event of events) expect(parseAgentEvent(JSON.stringify(event))).toEqual(event);
  });

  it('narrows a scanned code to its symbology and text', () => {
    const event = parseAgentEvent(
      '{"type":"code-scanned","symbology":"ean-13","text":"6901234567892"}',
    );
    // Narrowing by type gives the fields without a cast: what a flow will rely on.
    expect(event?.type === 'code-scanned' && [event.symbology, event.text]).toEqual([
      'ean-13',
      '6901234567892',
    ]);
  });

  it('refuses a code with an unknown symbology, no text or too long a text, and an unknown reason', () => {
    for (const data of [
      '{"type":"code-scanned","symbology":"maxicode","text":"1"}',
      '{"type":"code-scanned","symbology":"qr","text":""}',
      '{"type":"code-scanned","symbology":"qr"}',
      '{"type":"code-scanned","symbology":"qr","text":12}',
      `{"type":"code-scanned","symbology":"qr","text":"${'x'.repeat(2049)}"}`,
      '{"type":"code-rejected","reason":"smudged"}',
    ]) {
      expect(parseAgentEvent(data), data.slice(0, 60)).toBeNull();
    }
  });

  it('refuses malformed messages, unknown types and values, and a card read carrying more', () => {
    for (const data of [
      'not json',
      '[]',
      '{"type":"card-inserted"}',
      '{"type":"toString"}',
      '{"type":"card-unreadable","reason":"shake-it"}',
      '{"type":"card-read","holder":{"maskedName":"王*英"}}',
      '{"type":"card-read","holder":{"maskedName":"王*英","priorityByAge":true,"name":"王秀英"}}',
      '{"type":"resync","devices":[],"card":"maybe"}',
      '{"type":"resync","devices":[],"card":"none"}',
      '{"type":"notices","notices":{"warnings":[{"id":"a","level":"purple","title":"t","text":"x","issuedAt":"1","expiresAt":"2"}],"announcements":[]}}',
      '{"type":"notices","notices":{"warnings":[]}}',
      '{"type":"device-state","device":{"status":{"device":"printer","state":"ready"},"severity":"meh"}}',
    ]) {
      expect(parseAgentEvent(data), data).toBeNull();
    }
  });
});

/** A stand-in EventSource the test opens, feeds and fails. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onmessage: EventSourceLike['onmessage'] = null;
  onerror: EventSourceLike['onerror'] = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  send(data: string) {
    this.readyState = 1;
    this.onmessage?.call(this as unknown as EventSource, new MessageEvent('message', { data }));
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.call(this as unknown as EventSource, new Event('error'));
  }
}

describe('openAgentEvents', () => {
  afterEach(() => vi.useRealTimers());

  function open() {
    vi.useFakeTimers();
    const sources: FakeSource[] = [];
    const received: AgentEvent[] = [];
    let lost = 0;
    const stream = openAgentEvents({
      onEvent: (event) => received.push(event),
      onLost: () => lost++,
      createSource: (url) => {
        const source = new FakeSource(url);
        sources.push(source);
        return source;
      },
    });
    return { stream, sources, received, lost: () => lost };
  }

  it('opens the same-origin stream and passes on valid events only', () => {
    const { sources, received } = open();
    expect(sources.map((s) => s.url)).toEqual(['/api/v1/events']);
    sources[0]!.send(JSON.stringify(resync));
    sources[0]!.send('{"type":"card-read","holder":{"name":"王秀英"}}');
    sources[0]!.send('{"type":"card-removed"}');
    expect(received).toEqual([resync, { type: 'card-removed' }]);
  });

  it('leaves a dropped stream to the browser, and reopens one it gave up on with backoff', () => {
    const { sources, lost, stream } = open();
    sources[0]!.fail(0);
    expect(lost()).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);

    sources[0]!.fail(2);
    expect(lost()).toBe(2);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    sources[1]!.fail(2);
    vi.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    // A resync means the agent is back: the next failure waits the first delay again.
    sources[2]!.send(JSON.stringify(resync));
    sources[2]!.fail(2);
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(4);

    stream.close();
    expect(sources[3]!.closed).toBe(true);
    sources[3]!.fail(2);
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(4);
  });
});

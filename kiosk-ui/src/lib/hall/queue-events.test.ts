import { afterEach, describe, expect, it, vi } from 'vitest';
import { openQueueEvents, parseQueueEvent, type QueueSource } from './queue-events.js';

const call = {
  ticketNumber: 'A003',
  serviceId: 'social-security',
  counter: 2,
  counterName: '2号窗口',
  call: 'first',
};

describe('parseQueueEvent', () => {
  it('takes the queue events and a resync, and nothing else', () => {
    expect(parseQueueEvent(JSON.stringify({ type: 'queue-called', call }))).toEqual({
      type: 'queue-called',
      call,
    });
    const waiting = [{ serviceId: 'tax', waiting: 4 }];
    expect(parseQueueEvent(JSON.stringify({ type: 'queue-changed', waiting }))).toEqual({
      type: 'queue-changed',
      waiting,
    });
    expect(parseQueueEvent(JSON.stringify({ type: 'resync', devices: [], card: 'none' }))).toEqual({
      type: 'resync',
    });
    const notices = {
      warnings: [
        {
          id: 'rain',
          level: 'red',
          title: '暴雨红色预警',
          text: '请减少外出。',
          issuedAt: '2026-07-01T08:00:00+08:00',
          expiresAt: '2026-07-01T20:00:00+08:00',
        },
      ],
      announcements: [],
    };
    // The emergency warnings, on every resync and as they change (docs/warnings.md).
    expect(
      parseQueueEvent(JSON.stringify({ type: 'resync', devices: [], card: 'none', notices })),
    ).toEqual({ type: 'resync', notices });
    expect(parseQueueEvent(JSON.stringify({ type: 'notices', notices }))).toEqual({
      type: 'notices',
      notices,
    });
    for (const bad of [
      JSON.stringify({ type: 'notices', notices: { warnings: [{ level: 'red' }] } }),
      '{',
      'null',
      JSON.stringify({ type: 'card-read', holder: { maskedName: '王*英' } }),
      JSON.stringify({ type: 'queue-called', call: { ...call, call: 'shout' } }),
      JSON.stringify({ type: 'queue-called', call: { ...call, counter: '2' } }),
      JSON.stringify({ type: 'queue-changed', waiting: [{ serviceId: 'tax' }] }),
    ]) {
      expect(parseQueueEvent(bad)).toBeNull();
    }
  });
});

describe('openQueueEvents', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for the display stream and reopens one the browser gave up on, with backoff', () => {
    vi.useFakeTimers();
    const sources: (QueueSource & { url: string })[] = [];
    const events: string[] = [];
    let lost = 0;
    const stream = openQueueEvents({
      onEvent: (e) => events.push(e.type),
      onLost: () => (lost += 1),
      createSource: (url) => {
        const source = { url, readyState: 1, onmessage: null, onerror: null, close: vi.fn() };
        sources.push(source);
        return source;
      },
    });
    expect(sources[0]?.url).toBe('/api/v1/events?for=display');
    sources[0]?.onmessage?.call(
      {} as EventSource,
      new MessageEvent('message', { data: JSON.stringify({ type: 'queue-called', call }) }),
    );
    expect(events).toEqual(['queue-called']);
    (sources[0] as { readyState: number }).readyState = 2;
    sources[0]?.onerror?.call({} as EventSource, new Event('error'));
    expect(lost).toBe(1);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    stream.close();
    expect(sources[1]?.close).toHaveBeenCalled();
  });
});

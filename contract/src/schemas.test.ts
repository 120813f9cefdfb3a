import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  AgentEventSchema,
  CardWatchRequestSchema,
  DEVICES,
  DEVICE_IDS,
  DevCardReplySchema,
  DevCardRequestSchema,
  DevCableReplySchema,
  DevCableRequestSchema,
  DevCorruptionReplySchema,
  DevCorruptionRequestSchema,
  DevPrinterReplySchema,
  DevPrinterRequestSchema,
  DevStateSchema,
  EmptyBodySchema,
  ErrorReplySchema,
  EventBatchReplySchema,
  EventBatchSchema,
  HeartbeatReplySchema,
  HeartbeatSchema,
  KioskInfoSchema,
  SequenceConflictReplySchema,
  SessionEndRequestSchema,
  StaffCallReplySchema,
  StaffCallRequestSchema,
  TicketRequestSchema,
  TicketResponseSchema,
  stateSpec,
  statesOf,
  type EventBatch,
  type HeartbeatBody,
  type TerminalEvent,
} from './index.js';

const AT = '2026-03-02T09:59:00+08:00';
const EPOCH = '0b7d3c55-5f8e-4a52-9a43-6f1e2d9c8b10';

const events: TerminalEvent[] = [
  {
    seq: 1,
    type: 'ticket.issued',
    createdAt: AT,
    payload: {
      serviceId: 'social-security',
      serviceName: '社保查询',
      ticketNumber: 'A001',
      priority: false,
      durationMs: 42_000,
    },
  },
  {
    seq: 2,
    type: 'ticket.print-failed',
    createdAt: AT,
    payload: { ticketNumber: 'A001', printerState: 'no-paper' },
  },
  { seq: 3, type: 'staff.called', createdAt: AT, payload: { screen: 'identify' } },
  {
    seq: 4,
    type: 'device.status-changed',
    createdAt: AT,
    payload: { device: 'printer', state: 'paper-near-end' },
  },
];
const batch: EventBatch = { terminalId: 'xz-xfl-001', sentAt: AT, events };

const heartbeat: HeartbeatBody = {
  terminalId: 'xz-xfl-001',
  sentAt: AT,
  intervalSeconds: 60,
  terminal: {
    name: '幸福里社区 1 号机',
    community: { name: '幸福里社区居委会', code: '140902001001', kind: 'urban' },
    region: {
      street: { name: '长征街街道', code: '140902001' },
      county: { name: '忻府区', code: '140902' },
      city: { name: '忻州市', code: '140900' },
      province: { name: '山西省', code: '140000' },
    },
  },
  devices: { printer: 'ready', idCardReader: 'ready' },
  outboxPending: 0,
};

const withEvent = (event: unknown) => ({ ...batch, events: [event] });
const ticket = {
  number: 'A001',
  serviceName: '社保查询',
  priority: false,
  waitingAhead: 2,
  issuedAt: AT,
};
const condition = { paper: 'ok', coverOpen: false, offline: false };

/** Per schema: a valid message, and an invalid one that differs in one way. */
const cases: [string, TSchema, unknown, unknown][] = [
  ['event batch', EventBatchSchema, batch, { ...batch, events: [] }],
  ...events.map((e): [string, TSchema, unknown, unknown] => [
    `${e.type} event`,
    EventBatchSchema,
    withEvent(e),
    withEvent({ ...e, payload: { ...e.payload, name: '王秀英' } }),
  ]),
  [
    'device event with another device’s state',
    EventBatchSchema,
    withEvent(events[3]),
    withEvent({ ...events[3], payload: { device: 'printer', state: 'reader-fault' } }),
  ],
  [
    'event batch with its epoch',
    EventBatchSchema,
    { ...batch, epoch: EPOCH, heldFrom: 1 },
    { ...batch, epoch: 'not an epoch!' },
  ],
  [
    'event batch reply',
    EventBatchReplySchema,
    { epoch: EPOCH, ackedUpTo: 3 },
    { epoch: EPOCH, ackedUpTo: -1 },
  ],
  [
    'sequence-conflict reply',
    SequenceConflictReplySchema,
    { error: 'sequence-conflict', message: 'm', ackedUpTo: 1, conflictingSeqs: [2] },
    { error: 'bad-request', message: 'm', ackedUpTo: 1, conflictingSeqs: [2] },
  ],
  ['heartbeat', HeartbeatSchema, heartbeat, { ...heartbeat, devices: { printer: 'on-fire' } }],
  // A terminal reports the devices it has: an older one, without storage, is still accepted.
  [
    'heartbeat from an older release',
    HeartbeatSchema,
    { ...heartbeat, devices: { printer: 'ready', idCardReader: 'ready' } },
    { ...heartbeat, devices: { printer: 'ready', camera: 'ready' } },
  ],
  ['heartbeat reply', HeartbeatReplySchema, { serverTime: AT }, {}],
  [
    'heartbeat with its outbox epoch',
    HeartbeatSchema,
    { ...heartbeat, outboxEpoch: EPOCH },
    { ...heartbeat, outboxEpoch: '' },
  ],
  [
    'heartbeat reply with the centre position',
    HeartbeatReplySchema,
    { serverTime: AT, delivery: { epoch: EPOCH, ackedUpTo: 0 } },
    { serverTime: AT, delivery: { ackedUpTo: 0 } },
  ],
  [
    'error reply',
    ErrorReplySchema,
    { error: 'bad-request', message: 'screen must be a string', where: 'screen' },
    { error: 'bad-request', message: 'm', stack: 'at x.js:1' },
  ],
  [
    'kiosk info',
    KioskInfoSchema,
    {
      terminal: { id: 't', name: 'n', communityName: 'c', timeZone: 'Asia/Shanghai' },
      services: [{ id: 'social-security', name: '社保', ticketPrefix: 'A' }],
      catalogue: {
        categories: [{ id: 'human-resources', name: { 'zh-CN': '人社', en: 'Jobs' } }],
        services: [
          {
            id: 'social-security',
            name: { 'zh-CN': '社保业务' },
            category: 'human-resources',
            kind: 'queue',
            initials: 'SBYW',
            ticketServiceId: 'social-security',
          },
        ],
      },
      session: { idleTimeoutSeconds: 120, warningSeconds: 30, ticketShownSeconds: 20 },
      devMode: false,
    },
    {
      terminal: { id: 't', name: 'n', communityName: 'c', timeZone: 'Asia/Shanghai' },
      services: [],
      devMode: false,
    },
  ],
  [
    'card read event',
    AgentEventSchema,
    { type: 'card-read', holder: { maskedName: '王*英', priorityByAge: true } },
    { type: 'card-read', holder: { maskedName: '王*英', priorityByAge: true, age: 70 } },
  ],
  [
    'card read event with a full name',
    AgentEventSchema,
    { type: 'card-unreadable', reason: 'place-flat' },
    { type: 'card-read', holder: { maskedName: '欧阳娜娜娜娜娜娜娜', priorityByAge: false } },
  ],
  [
    'code scanned event',
    AgentEventSchema,
    { type: 'code-scanned', symbology: 'qr', text: '预约码:A1' },
    { type: 'code-scanned', symbology: 'qr', text: 'x'.repeat(2049) },
  ],
  [
    'code rejected event, never carrying the text',
    AgentEventSchema,
    { type: 'code-rejected', reason: 'control-character' },
    { type: 'code-rejected', reason: 'control-character', text: 'A\u0007' },
  ],
  [
    'resync event',
    AgentEventSchema,
    {
      type: 'resync',
      devices: [{ status: { device: 'idCardReader', state: 'ready' }, severity: 'ok' }],
      card: 'none',
      notices: { warnings: [], announcements: [] },
    },
    {
      type: 'resync',
      devices: [{ status: { device: 'idCardReader', state: 'no-paper' }, severity: 'fault' }],
      card: 'none',
    },
  ],
  [
    'notices event, a warning level by name only',
    AgentEventSchema,
    {
      type: 'notices',
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
    },
    {
      type: 'notices',
      notices: {
        warnings: [
          {
            id: 'rain-1',
            level: 'purple',
            title: '暴雨预警',
            text: '请减少外出。',
            issuedAt: '2026-07-01T08:00:00+08:00',
            expiresAt: '2026-07-01T20:00:00+08:00',
          },
        ],
        announcements: [],
      },
    },
  ],
  [
    'device state event',
    AgentEventSchema,
    {
      type: 'device-state',
      device: { status: { device: 'printer', state: 'no-paper' }, severity: 'fault' },
    },
    {
      type: 'device-state',
      device: { status: { device: 'printer', state: 'no-paper' }, severity: 'bad' },
    },
  ],
  ['card watch', CardWatchRequestSchema, { on: true }, { on: 'yes' }],
  [
    'ticket request',
    TicketRequestSchema,
    { requestId: 'session-0001', serviceId: 'social-security', priority: true, durationMs: 0 },
    { requestId: 'session-0001', serviceId: 'social-security', priority: 'vip', durationMs: 0 },
  ],
  [
    'ticket response',
    TicketResponseSchema,
    { ticket, print: { ok: false, reason: 'no-paper' } },
    { ticket, print: { ok: false } },
  ],
  ['session end', SessionEndRequestSchema, { reason: 'timeout' }, { reason: 'bored' }],
  ['staff call', StaffCallRequestSchema, { screen: 'identify' }, { screen: 'Identify!' }],
  ['staff call reply', StaffCallReplySchema, { accepted: true }, { accepted: 'yes' }],
  ['empty body', EmptyBodySchema, {}, { idNumber: 'x' }],
  ['dev card', DevCardRequestSchema, { action: 'place', key: 'elder' }, { action: 'shake' }],
  ['dev card reply', DevCardReplySchema, { card: 'present' }, { card: 'lost' }],
  ['dev printer', DevPrinterRequestSchema, { paper: 'near-end' }, {}],
  ['dev printer reply', DevPrinterReplySchema, { printer: condition }, { printer: {} }],
  [
    'dev state',
    DevStateSchema,
    {
      identities: [{ key: 'k', label: 'l' }],
      card: 'none',
      scanner: 'simulated',
      printer: condition,
      cables: { idCardReader: true, printer: false },
      corruption: { idCardReader: 'noise' },
      receipts: [],
    },
    { identities: [], card: 'none', scanner: 'simulated', printer: condition },
  ],
  [
    'dev cable request',
    DevCableRequestSchema,
    { device: 'scanner', plugged: false },
    { device: 'storage', plugged: false },
  ],
  [
    'dev cable reply',
    DevCableReplySchema,
    { cables: { printer: true } },
    { cables: { keyboard: true } },
  ],
  [
    'dev corruption request',
    DevCorruptionRequestSchema,
    { device: 'printer', corruption: 'bad-checksum' },
    { device: 'scanner', corruption: 'noise' },
  ],
  [
    'dev corruption reply',
    DevCorruptionReplySchema,
    { corruption: { idCardReader: 'truncated', printer: 'off' } },
    { corruption: { printer: 'melted' } },
  ],
];

describe('contract schemas', () => {
  it.each(cases)(
    '%s: accepts a valid message and refuses an invalid one',
    (_, schema, good, bad) => {
      const check = Compile(schema);
      expect(check.Check(good)).toBe(true);
      expect(check.Check(bad)).toBe(false);
    },
  );
});

describe('device registry', () => {
  it.each(DEVICE_IDS)('%s starts unknown, has a ready state, and labels every state', (id) => {
    const states = statesOf(id);
    expect(states).toContain('unknown');
    expect(DEVICES[id].states.ready.severity).toBe('ok');
    for (const state of states) expect(stateSpec(id, state)?.label).toMatch(/\p{Script=Han}/u);
  });

  it('keeps a nearly empty roll a warning, not a fault', () => {
    expect(DEVICES.printer.states['paper-near-end'].severity).toBe('warning');
  });
});

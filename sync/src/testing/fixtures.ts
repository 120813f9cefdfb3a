import type { HeartbeatSnapshot } from '../uploader/heartbeat-body.js';
import type { EventBatch, HeartbeatBody, TerminalEvent } from '@bianmin/contract';

export const SERVICES = {
  socialSecurity: { serviceId: 'social-security', serviceName: '社保查询' },
  medicalInsurance: { serviceId: 'medical-insurance', serviceName: '医保业务' },
} as const;

export function ticketEvent(
  seq: number,
  createdAt: string,
  service: { serviceId: string; serviceName: string } = SERVICES.socialSecurity,
): TerminalEvent {
  return {
    seq,
    type: 'ticket.issued',
    createdAt,
    payload: {
      ...service,
      ticketNumber: `A${String(seq).padStart(3, '0')}`,
      priority: false,
      durationMs: 42_000,
    },
  };
}

export function batch(terminalId: string, sentAt: string, events: TerminalEvent[]): EventBatch {
  return { terminalId, sentAt, events };
}

export function snapshot(
  name = '幸福里社区 1 号机',
  devices: HeartbeatSnapshot['devices'] = { idCardReader: 'ready', printer: 'ready' },
): HeartbeatSnapshot {
  return {
    terminal: {
      name,
      community: { name: '幸福里社区居委会', code: '140902001001', kind: 'urban' },
      region: {
        street: { name: '长征街街道', code: '140902001' },
        county: { name: '忻府区', code: '140902' },
        city: { name: '忻州市', code: '140900' },
        province: { name: '山西省', code: '140000' },
      },
    },
    devices,
  };
}

export function heartbeatBody(
  terminalId: string,
  sentAt: string,
  options: { intervalSeconds?: number; name?: string; devices?: HeartbeatSnapshot['devices'] } = {},
): HeartbeatBody {
  return {
    terminalId,
    sentAt,
    intervalSeconds: options.intervalSeconds ?? 60,
    ...snapshot(options.name, options.devices),
    outboxPending: 0,
  };
}

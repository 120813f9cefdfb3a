import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ok } from '@bianmin/common';
import { captureLogger } from '@bianmin/common/testing';
import { AJV_OPTIONS, installErrorReplies } from '@bianmin/contract/server';
import type { ReadinessReport } from '@bianmin/contract';
import { createAuditTrail } from '../../technician/audit-trail.js';
import type { TechnicianRouteDeps } from './context.js';
import { registerReadinessRoutes } from './readiness-routes.js';

const REPORT: ReadinessReport = {
  generatedAt: '2026-11-26T02:00:00.000Z',
  terminal: { id: 'T-1', name: '终端', community: '社区', region: '山西省' },
  softwareVersion: '0.1.0',
  devices: [],
  centre: {
    url: 'http://centre',
    reachable: true,
    message: '中心可以连通。',
    lastHeartbeatOkAt: null,
  },
  clockOffsetMs: null,
  disk: null,
  outboxPending: 0,
  serviceHours: [],
};

describe('the readiness report routes', () => {
  it('answers in words when the upload queue cannot take the report (storage faulted), not 500', async () => {
    const log = captureLogger('readiness-routes');
    const records: object[] = [];
    const server = Fastify({ ajv: { customOptions: AJV_OPTIONS } });
    installErrorReplies(server);
    registerReadinessRoutes(server, {
      trail: createAuditTrail(log.logger, { record: (r) => records.push(r) }),
      devices: { printer: {} },
      terminal: { timeZone: 'Asia/Shanghai' },
      readiness: async () => ok(REPORT),
      recordReadiness: () => {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    } as unknown as TechnicianRouteDeps);
    const reply = await server.inject({
      method: 'POST',
      url: '/technician/readiness/send',
      payload: {},
    });
    expect(reply.statusCode).toBe(503);
    expect(reply.json()).toEqual({
      error: 'storage-failed',
      message: expect.stringContaining('没有交给上传队列'),
    });
    expect(records).toEqual([
      { account: 'unknown', action: 'readiness-send', outcome: 'not-queued' },
    ]);
    await server.close();
  });
});

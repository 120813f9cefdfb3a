import { describe, expect, it } from 'vitest';
import { startCentralHarness } from '../../testing/central-harness.js';

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

describe('the API description', () => {
  it('lists enrolment and the administrator routes, and the signature headers of terminal routes', async () => {
    const centre = await startCentralHarness();
    try {
      const doc = (await (await centre.get('/docs/json')).json()) as OpenApi;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/enrol',
          '/api/v1/admin/terminals',
          '/api/v1/admin/terminals/{terminalId}',
          '/api/v1/admin/terminals/{terminalId}/enrolment-token',
          '/api/v1/admin/terminals/{terminalId}/revoke',
        ]),
      );
      for (const path of ['/api/v1/heartbeat', '/api/v1/events', '/api/v1/enrol']) {
        const headers = (doc.paths[path]?.post?.parameters ?? [])
          .filter((p) => p.in === 'header')
          .map((p) => p.name);
        expect(headers).toEqual(
          expect.arrayContaining([
            'x-bianmin-terminal',
            'x-bianmin-time',
            'x-bianmin-nonce',
            'x-bianmin-signature',
          ]),
        );
      }
    } finally {
      await centre.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, makeTempDir, openNetworkSwitch } from '@bianmin/common/testing';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import type { RunningCentral } from '@bianmin/sync/central';
import { defaultTerminalConfig, startTestCentre } from './support.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses?: unknown }>>;
}

describe('the API descriptions at /docs', () => {
  let central: RunningCentral;
  const noCentre = openNetworkSwitch();
  const agents: Agent[] = [];
  const agentWith = async (profile: 'development' | 'production') => {
    const config = defaultTerminalConfig();
    const agent = await buildAgent({
      ...config,
      devices: { ...config.devices, profile, allowSimulatorsInProduction: true },
      dataDir: makeTempDir('api-docs').path,
      logger: captureLogger('agent-docs').logger,
      centreUrl: (await noCentre).url,
    });
    agents.push(agent);
    return agent;
  };
  beforeAll(async () => {
    central = await startTestCentre('api-docs-central');
  });
  afterAll(async () => {
    for (const agent of agents) await agent.close();
    await central.close();
    await (await noCentre).close();
  });

  it('the centre describes what terminals send, from the schemas it validates with', async () => {
    const doc = (await (await fetch(`${central.url}/docs/json`)).json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/events']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: expect.arrayContaining(['events']) } } },
    });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/heartbeat', '/api/v1/terminals']),
    );
    const page = await fetch(`${central.url}/docs`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('a development agent describes its kiosk API; a production one has no /docs', async () => {
    const dev = await agentWith('development');
    const doc = (
      await dev.server.inject({ method: 'GET', url: '/docs/json' })
    ).json<OpenApiDocument>();
    expect(doc.paths['/api/v1/tickets']?.post?.requestBody).toMatchObject({
      content: {
        'application/json': { schema: { required: expect.arrayContaining(['requestId']) } },
      },
    });
    const production = await agentWith('production');
    // There, /docs is just another path of the kiosk page, not an API description.
    const reply = await production.server.inject({ method: 'GET', url: '/docs/json' });
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.body).not.toContain('openapi');
  });
});

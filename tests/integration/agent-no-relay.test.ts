import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { defaultTerminalConfig } from './support.js';

const KIOSK_PAGE_MARK = 'kiosk-page-under-test';
const VICTIM_MARK = 'victim-content-must-never-leak';

/** A built kiosk as adapter-static writes it, so the test does not depend on a build. */
function kioskBuild(): string {
  const dir = makeTempDir('kiosk-build').path;
  mkdirSync(join(dir, '_app/immutable'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><body><p>${KIOSK_PAGE_MARK}</p><script>start()</script></body></html>`,
  );
  return dir;
}

interface RawReply {
  status: number;
  text: string;
}

/** One request written byte for byte, so the request target reaches the agent unaltered. */
function rawRequest(port: number, head: string, body = ''): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : 0, text });
    });
  });
}

function requestHead(method: string, target: string, host: string, body: string): string {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  if (body)
    lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

describe('nothing the agent serves can be made to fetch another address', () => {
  let agent: Agent;
  let agentPort: number;
  let victim: Server;
  let victimPort: number;
  let noCentre: NetworkSwitch;
  const victimSaw: string[] = [];

  beforeAll(async () => {
    victim = createServer((request, reply) => {
      victimSaw.push(`${request.method} ${request.url}`);
      reply.end(VICTIM_MARK);
    });
    await new Promise<void>((listening) => victim.listen(0, '127.0.0.1', listening));
    victimPort = (victim.address() as AddressInfo).port;

    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('no-relay').path,
      logger: captureLogger('agent').logger,
      centreUrl: noCentre.url,
      kioskDir: kioskBuild(),
    });
    const agentUrl = await agent.server.listen({ port: 0, host: '127.0.0.1' });
    agentPort = Number(new URL(agentUrl).port);
  });
  afterAll(async () => {
    await agent.close();
    await noCentre.close();
    await new Promise((closed) => victim.close(closed));
  });

  const targets = (v: string) => [
    `//${v}/x`,
    `/agent//${v}/x`,
    `/agent/http://${v}/x`,
    `/agent/api/v1/kiosk?to=http://${v}/x`,
    `/%2f%2f${v}/x`,
    `/\\\\${v}/x`,
    `/api/v1/..%2f..%2f`,
    `/api/v1/..%2f..%2f${v}%2fx`,
    `/api/v1/%2e%2e/%2e%2e/${v}/x`,
    `http://${v}/`,
    `http://${v}/api/v1/kiosk`,
  ];

  it('answers every relay attempt itself, and the victim hears nothing', async () => {
    const { terminalId } = defaultTerminalConfig().terminal;
    const ownAnswer = new RegExp(`${KIOSK_PAGE_MARK}|"id":"${terminalId}"`);
    const victimAddress = `127.0.0.1:${victimPort}`;
    for (const target of targets(victimAddress)) {
      for (const [method, body] of [
        ['GET', ''],
        ['POST', '{"requestId":"relay-attempt-01"}'],
      ] as const) {
        for (const host of [`127.0.0.1:${agentPort}`, victimAddress]) {
          const reply = await rawRequest(agentPort, requestHead(method, target, host, body), body);
          const label = `${method} ${target} (Host ${host})`;
          expect(reply.text, label).not.toContain(VICTIM_MARK);
          expect([200, 400, 404], label).toContain(reply.status);
          // A 200 is the kiosk page, or the agent's own answer: an absolute-form target names
          // this server's own resource (RFC 9112, section 3.2.2).
          if (reply.status === 200) expect(reply.text, label).toMatch(ownAnswer);
        }
      }
    }
    const tunnel = await rawRequest(
      agentPort,
      `CONNECT ${victimAddress} HTTP/1.1\r\nHost: ${victimAddress}\r\n\r\n`,
    );
    expect(tunnel.text).not.toContain(VICTIM_MARK);
    expect(tunnel.text).not.toMatch(/^HTTP\/1\.1 2/);
    expect(victimSaw).toEqual([]);
  });

  it('serves the kiosk page at / with its content security policy', async () => {
    const reply = await fetch(`http://127.0.0.1:${agentPort}/`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('content-security-policy')).toMatch(
      /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/,
    );
    expect(await reply.text()).toContain(KIOSK_PAGE_MARK);
  });

  it('answers an unknown API path with a JSON 404, not the kiosk page', async () => {
    const reply = await fetch(`http://127.0.0.1:${agentPort}/api/v1/nope`);
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(await reply.json()).toMatchObject({ error: 'not-found' });
  });
});

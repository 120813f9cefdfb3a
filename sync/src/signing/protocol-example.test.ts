import { describe, expect, it } from 'vitest';
import { ENROL_PATH, HEARTBEAT_PATH, canonicalRequest } from '@bianmin/contract';
import { startCentralHarness } from '../testing/central-harness.js';
import { bodySha256, newNonce, signatureHeaders } from './request-signature.js';
import { ed25519 } from './signature-scheme.js';

/**
 * The worked example of docs/protocol.md, byte for byte: if this test changes, the document
 * must change with it. The key is RFC 8032's first Ed25519 test key.
 */
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
`;
const PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const TERMINAL = 'T-140902001001-01';
const TIME_MS = 1772416740000; // 2026-03-02T01:59:00.000Z
const NONCE = 'AAECAwQFBgcICQoLDA0ODw';
const BODY =
  '{"terminalId":"T-140902001001-01","sentAt":"2026-03-02T01:59:00.000Z","intervalSeconds":60,' +
  '"terminal":{"name":"长征街社区 1号自助终端","community":{"name":"长征街社区居民委员会",' +
  '"code":"140902001001","kind":"urban"},"region":{"street":{"name":"长征街街道","code":"140902001"},' +
  '"county":{"name":"忻府区","code":"140902"},"city":{"name":"忻州市","code":"1409"},' +
  '"province":{"name":"山西省","code":"14"}}},"devices":{"idCardReader":"ready","printer":"ready",' +
  '"storage":"ready"},"outboxPending":0}';
const DIGEST = '4c2ff8d8852b063470cf9559ae0fc73f5c23cc66a88dd44dd51220c70f8a7940';
const CANONICAL =
  'bianmin-request-v1\nPOST\n/api/v1/heartbeat\nT-140902001001-01\n1772416740000\n' +
  `AAECAwQFBgcICQoLDA0ODw\n${DIGEST}`;
const SIGNATURE =
  'u4V8NZmsypyLh4zjw0wCE/kTh8Tsei1ckOAENgZgR5BllFxjaUxHsjtJDcadcbADQVfo8Y9yI9XlyHWLaSGcDw==';

const body = Buffer.from(BODY, 'utf8');
const example = {
  method: 'POST',
  path: HEARTBEAT_PATH,
  body,
  terminalId: TERMINAL,
  timeMs: TIME_MS,
  nonce: NONCE,
};

describe('the worked example of docs/protocol.md', () => {
  it('has the digest, canonical request and signature the document gives', () => {
    expect(body.length).toBe(524);
    expect(bodySha256(body)).toBe(DIGEST);
    expect(canonicalRequest({ ...example, bodySha256: DIGEST })).toBe(CANONICAL);
    expect(signatureHeaders(ed25519, PRIVATE_KEY, example)).toEqual({
      'x-bianmin-terminal': TERMINAL,
      'x-bianmin-time': '1772416740000',
      'x-bianmin-nonce': NONCE,
      'x-bianmin-signature': SIGNATURE,
    });
    expect(ed25519.verify(PUBLIC_KEY, Buffer.from(CANONICAL), SIGNATURE)).toBe(true);
    expect(ed25519.verify(PUBLIC_KEY, Buffer.from(`${CANONICAL} `), SIGNATURE)).toBe(false);
  });

  it('is accepted by a real centre once the example key is enrolled', async () => {
    const centre = await startCentralHarness({ now: '2026-03-02T01:59:30.000Z' });
    try {
      const token = await centre.createTerminal(TERMINAL);
      const enrolment = Buffer.from(
        JSON.stringify({
          terminalId: TERMINAL,
          token,
          algorithm: 'ed25519',
          publicKey: PUBLIC_KEY,
        }),
      );
      const enrolled = await fetch(centre.url + ENROL_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signatureHeaders(ed25519, PRIVATE_KEY, {
            ...example,
            path: ENROL_PATH,
            body: enrolment,
            nonce: newNonce(),
          }),
        },
        body: enrolment,
      });
      expect(enrolled.status).toBe(200);
      const res = await fetch(centre.url + HEARTBEAT_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-bianmin-terminal': TERMINAL,
          'x-bianmin-time': String(TIME_MS),
          'x-bianmin-nonce': NONCE,
          'x-bianmin-signature': SIGNATURE,
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ serverTime: '2026-03-02T01:59:30.000Z' });
      expect(res.headers.get('x-bianmin-server-time')).toBe(String(TIME_MS + 30_000));
    } finally {
      await centre.close();
    }
  });
});

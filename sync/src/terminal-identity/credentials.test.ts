import { statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { ed25519 } from '../signing/index.js';
import { loadTerminalCredentials } from './credentials.js';
import {
  discardEnrolmentTokenFile,
  ENROLMENT_TOKEN_FILE,
  readEnrolmentToken,
} from './enrolment-token-source.js';
import { fileKeyStore, TERMINAL_KEY_FILE, type StoredKey } from './key-store.js';

const TOKEN_A = 'a'.repeat(43);
const TOKEN_B = 'b'.repeat(43);

describe('terminal credentials in the data folder', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = makeTempDir('credentials');
  });
  afterEach(() => dir.remove());

  const load = (enrolmentToken?: string, terminalId = 'xz-xfl-001') => {
    const loaded = loadTerminalCredentials({
      terminalId,
      store: fileKeyStore(dir.path),
      enrolmentToken,
      now: () => new Date('2026-03-02T02:00:00.000Z'),
    });
    if (!loaded.ok) throw new Error(loaded.error.detail);
    return loaded.value;
  };
  const stored = () =>
    JSON.parse(readFileSync(join(dir.path, TERMINAL_KEY_FILE), 'utf8')) as StoredKey;

  it('makes a key for a token, kept readable by its owner only, and asks to enrol with it', () => {
    const credentials = load(TOKEN_A);
    expect(credentials.state()).toBe('awaiting-enrolment');
    expect(statSync(join(dir.path, TERMINAL_KEY_FILE)).mode & 0o777).toBe(0o600);
    const due = credentials.enrolmentDue();
    expect(due).toEqual({
      terminalId: 'xz-xfl-001',
      token: TOKEN_A,
      algorithm: 'ed25519',
      publicKey: stored().publicKey,
    });
    expect(JSON.stringify(stored())).not.toContain(TOKEN_A);
  });

  it('keeps the key across restarts, enrolled once the centre said so', () => {
    const first = load(TOKEN_A);
    const publicKey = first.enrolmentDue()!.publicKey;
    expect(first.markEnrolled('2026-03-02T02:00:01.000Z')).toEqual({ ok: true, value: undefined });
    const again = load(TOKEN_A);
    expect(again.state()).toBe('enrolled');
    expect(again.enrolmentDue()).toBeUndefined();
    expect(stored()).toMatchObject({ publicKey, enrolledAt: '2026-03-02T02:00:01.000Z' });
    // Without the token (the file was removed once used) the enrolled key still signs.
    const noToken = load();
    expect(noToken.state()).toBe('enrolled');
    const bytes = Buffer.from('{}');
    const headers = noToken.sign('POST', '/api/v1/heartbeat', bytes);
    expect(headers['x-bianmin-terminal']).toBe('xz-xfl-001');
    expect(headers['x-bianmin-time']).toBe(String(Date.parse('2026-03-02T02:00:00.000Z')));
  });

  it('makes a new key for a new token (re-enrolment after a revocation)', () => {
    const first = load(TOKEN_A);
    first.markEnrolled('2026-03-02T02:00:01.000Z');
    const old = stored().publicKey;
    const renewed = load(TOKEN_B);
    expect(renewed.state()).toBe('awaiting-enrolment');
    expect(renewed.enrolmentDue()?.publicKey).not.toBe(old);
  });

  it('has nothing to sign with and says so without a key or a token', () => {
    const credentials = load();
    expect(credentials.state()).toBe('no-token');
    expect(credentials.enrolmentDue()).toBeUndefined();
    expect(credentials.sign('POST', '/api/v1/heartbeat', Buffer.from('{}'))).toEqual({});
    expect(existsSync(join(dir.path, TERMINAL_KEY_FILE))).toBe(false);
  });

  it('does not sign as another terminal with a key made for a former id', () => {
    load(TOKEN_A).markEnrolled('2026-03-02T02:00:01.000Z');
    expect(load(undefined, 'xz-xfl-002').state()).toBe('no-token');
  });

  it('signs by the centre clock it learned', () => {
    const credentials = load(TOKEN_A);
    credentials.noteServerTime(Date.parse('2026-03-02T04:00:00.000Z'));
    expect(credentials.clockOffsetMs()).toBe(2 * 3_600_000);
    const headers = credentials.sign('POST', '/api/v1/heartbeat', Buffer.from('{}'));
    expect(headers['x-bianmin-time']).toBe(String(Date.parse('2026-03-02T04:00:00.000Z')));
    expect(headers['x-bianmin-nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(headers['x-bianmin-nonce']).not.toBe(
      credentials.sign('POST', '/api/v1/heartbeat', Buffer.from('{}'))['x-bianmin-nonce'],
    );
  });

  it('refuses a key file that is not one, rather than making a new key over it', () => {
    writeFileSync(join(dir.path, TERMINAL_KEY_FILE), 'not json');
    const loaded = loadTerminalCredentials({
      terminalId: 'xz-xfl-001',
      store: fileKeyStore(dir.path),
      enrolmentToken: TOKEN_A,
    });
    expect(loaded).toMatchObject({ ok: false, error: { kind: 'key-file' } });
    expect(readFileSync(join(dir.path, TERMINAL_KEY_FILE), 'utf8')).toBe('not json');
  });

  it('reads the token from the variable first, else from the file, and removes the file', () => {
    expect(readEnrolmentToken(dir.path)).toBeUndefined();
    writeFileSync(join(dir.path, ENROLMENT_TOKEN_FILE), `${TOKEN_A}\n`);
    expect(readEnrolmentToken(dir.path)).toBe(TOKEN_A);
    expect(readEnrolmentToken(dir.path, TOKEN_B)).toBe(TOKEN_B);
    discardEnrolmentTokenFile(dir.path);
    expect(readEnrolmentToken(dir.path)).toBeUndefined();
  });

  it('Ed25519 refuses malformed keys and signatures instead of throwing', () => {
    const { publicKey } = ed25519.generate();
    expect(ed25519.isPublicKey(publicKey)).toBe(true);
    expect(ed25519.isPublicKey('AAAA')).toBe(false);
    expect(ed25519.isPublicKey(`${publicKey.slice(0, -2)}=`)).toBe(false);
    expect(ed25519.verify(publicKey, Buffer.from('x'), 'not base64!')).toBe(false);
    expect(ed25519.verify('nope', Buffer.from('x'), 'AAAA')).toBe(false);
  });
});

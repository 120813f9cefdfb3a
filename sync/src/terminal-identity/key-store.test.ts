import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { fileKeyStore, type StoredKey } from './key-store.js';

/**
 * The real file system, watched: which paths were fsynced and renamed, in order. A folder's
 * fsync can be made to fail with a given code, as on platforms that cannot sync a folder.
 */
const watched = vi.hoisted(() => ({
  steps: [] as string[],
  folderFsyncFails: null as string | null,
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const pathOf = new Map<number, string>();
  return {
    ...fs,
    openSync(path: string, flags: string, mode?: number) {
      const fd = fs.openSync(path, flags, mode);
      pathOf.set(fd, path);
      return fd;
    },
    fsyncSync(fd: number) {
      const path = pathOf.get(fd) ?? '?';
      if (watched.folderFsyncFails && fs.statSync(path).isDirectory()) {
        throw Object.assign(new Error(`${watched.folderFsyncFails}: fsync`), {
          code: watched.folderFsyncFails,
        });
      }
      fs.fsyncSync(fd);
      watched.steps.push(`fsync ${path}`);
    },
    renameSync(from: string, to: string) {
      fs.renameSync(from, to);
      watched.steps.push(`rename ${to}`);
    },
  };
});

const KEY: StoredKey = {
  version: 1,
  terminalId: 'T-140902001001-01',
  algorithm: 'ed25519',
  privateKey: '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n',
  publicKey: 'AAAA',
  tokenSha256: null,
  enrolledAt: '2026-11-26T02:00:00.000Z',
};

const dirs: TempDir[] = [];
afterEach(() => {
  watched.steps = [];
  watched.folderFsyncFails = null;
  for (const dir of dirs.splice(0)) dir.remove();
});
const folder = () => {
  const dir = makeTempDir('key-store');
  dirs.push(dir);
  return dir.path;
};

describe('the terminal key file', () => {
  it('syncs the file, renames it into place, then syncs the folder so the rename survives a power cut', () => {
    const dir = folder();
    const file = join(dir, 'terminal-key.json');
    expect(fileKeyStore(dir).write(KEY)).toEqual({ ok: true, value: undefined });
    expect(watched.steps).toEqual([`fsync ${file}.new`, `rename ${file}`, `fsync ${dir}`]);
    expect(fileKeyStore(dir).read()).toEqual({ ok: true, value: KEY });
  });

  it.each(['EISDIR', 'EINVAL', 'EPERM'])(
    'writes the key where a folder cannot be synced (%s)',
    (code) => {
      const dir = folder();
      watched.folderFsyncFails = code;
      expect(fileKeyStore(dir).write(KEY).ok).toBe(true);
      expect(fileKeyStore(dir).read()).toEqual({ ok: true, value: KEY });
    },
  );

  it('says so when the folder sync fails as a disk does', () => {
    const dir = folder();
    watched.folderFsyncFails = 'EIO';
    const written = fileKeyStore(dir).write(KEY);
    expect(written.ok).toBe(false);
    expect(!written.ok && written.error).toMatchObject({
      kind: 'key-file',
      detail: expect.stringContaining('EIO'),
    });
  });
});

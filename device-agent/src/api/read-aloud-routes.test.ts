import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { useDefaultAgent } from '../agent/default-agent.fixture.js';
import { EspeakReadAloud } from '../speech/read-aloud.js';

// A stand-in for espeak-ng that keeps the text it read and takes a moment to "say" it.
const dir = makeTempDir('read-aloud-routes');
const program = join(dir.path, 'fake-espeak');
writeFileSync(program, `#!/bin/sh\ncat > ${dir.path}/text\nexec sleep 0.2\n`);
chmodSync(program, 0o755);
afterAll(() => dir.remove());
/** The page's name for its texts (kiosk-ui/src/lib/agent/client.ts). */
const PAGE = '0123456789abcdef';

describe('POST /read-aloud', () => {
  const terminal = useDefaultAgent('read-aloud-routes', {
    readAloud: new EspeakReadAloud({ program }),
  });
  const post = (url: string, payload: object) =>
    terminal.agent.server.inject({ method: 'POST', url: `/api/v1${url}`, payload });
  let turn = 0;
  /** The page's next text to say, and 暂停 / 继续 / 停止 for the last one. */
  const say = (payload: object) => post('/read-aloud', { page: PAGE, id: ++turn, ...payload });
  const control = (url: string, id = turn) => post(url, { page: PAGE, id });
  const said = () => readFileSync(join(dir.path, 'text'), 'utf8');

  it('says the text and answers once it has ended', async () => {
    const reply = await say({
      text: '您的号码是 A001，请取走凭条。',
      language: 'zh-CN',
      volume: 0.7,
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ ended: 'finished' });
    expect(said()).toBe('您的号码是 A001，请取走凭条。');
  });

  it('answers stopped for a text 停止 cut short, and 204 to pause, resume and stop', async () => {
    const saying = say({ text: '请选择要办理的业务。', language: 'zh-CN', volume: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const url of ['/read-aloud/pause', '/read-aloud/resume', '/read-aloud/stop']) {
      expect((await control(url)).statusCode).toBe(204);
    }
    expect((await saying).json()).toEqual({ ended: 'stopped' });
  });

  it('takes 停止 for the text it was sent for, whichever request arrives first', async () => {
    // 停止 for one text arriving after the next text: the next is said all the same.
    const first = say({ text: '一', language: 'zh-CN', volume: 1 });
    const second = say({ text: '二', language: 'zh-CN', volume: 1 });
    expect((await control('/read-aloud/stop', turn - 1)).statusCode).toBe(204);
    expect((await first).json()).toEqual({ ended: 'stopped' });
    expect((await second).json()).toEqual({ ended: 'finished' });
    // 停止 arriving before its text: the text is not said at all.
    writeFileSync(join(dir.path, 'text'), '');
    await control('/read-aloud/stop', turn + 1);
    expect((await say({ text: '三', language: 'zh-CN', volume: 1 })).json()).toEqual({
      ended: 'stopped',
    });
    expect(said()).toBe('');
    // A page loaded again starts its own count.
    const reloaded = await post('/read-aloud', {
      page: 'ffffffffffffffff',
      id: 1,
      text: '四',
      language: 'zh-CN',
      volume: 1,
    });
    expect(reloaded.json()).toEqual({ ended: 'finished' });
  });

  it('refuses a run of digits as long as a phone or ID number, and says nothing', async () => {
    writeFileSync(join(dir.path, 'text'), '');
    for (const text of ['电话 13812345678', '身份证 11010519491231002X']) {
      const reply = await say({ text, language: 'zh-CN', volume: 1 });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ error: 'read-aloud-refused', where: 'text' });
    }
    expect(said()).toBe('');
    // A reference number (8 digits in a row) is read.
    const reference = await say({
      text: '受理编号 SQ-20261126-0007',
      language: 'zh-CN',
      volume: 1,
    });
    expect(reference.statusCode).toBe(200);
  });

  it('refuses an empty text, a volume out of range and a field beyond the three', async () => {
    for (const payload of [
      { text: '', language: 'zh-CN', volume: 1 },
      { text: '请', language: 'zh-CN', volume: 2 },
      { text: '请', language: 'Chinese!', volume: 1 },
      { text: '请', language: 'zh-CN', volume: 1, name: '李建国' },
    ]) {
      expect((await say(payload)).statusCode).toBe(400);
    }
  });
});

describe('POST /read-aloud without a working voice', () => {
  const terminal = useDefaultAgent('read-aloud-missing', {
    readAloud: new EspeakReadAloud({ program: '/nonexistent/espeak-ng' }),
  });

  it('answers failed, so the page is silent again rather than waiting', async () => {
    const reply = await terminal.agent.server.inject({
      method: 'POST',
      url: '/api/v1/read-aloud',
      payload: { page: PAGE, id: 1, text: '请选择要办理的业务。', language: 'zh-CN', volume: 1 },
    });
    expect(reply.json()).toEqual({ ended: 'failed' });
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '@bianmin/common/testing';
import { defaultConfig, useDefaultAgent } from '../agent/default-agent.fixture.js';

/** A resident who typed the number instead of placing the card: the name is then asked. */
const NAME = '李建国';
const ID_NUMBER = '140902199001080131';
const PHONE = '13912345678';

const application = (requestId: string, answers: Record<string, string> = {}) => ({
  requestId,
  serviceId: 'senior-allowance',
  identity: { source: 'id-number', idNumber: ID_NUMBER },
  answers: {
    'applicant-name': NAME,
    'who-applies': 'family',
    living: 'alone',
    'payment-card': 'bank-card',
    phone: PHONE,
    ...answers,
  },
});

describe('POST /applications', () => {
  const captured = captureLogger('agent');
  const terminal = useDefaultAgent('application-routes', { logger: captured.logger });

  const post = (url: string, payload: object) =>
    terminal.agent.server.inject({ method: 'POST', url: `/api/v1${url}`, payload });
  /** Read from the file itself: what a crash right after the reply would leave. */
  const read = <T>(sql: string) => {
    const file = new Database(join(terminal.dataDir, 'terminal.sqlite'), { readonly: true });
    try {
      return file.prepare(sql).all() as T[];
    } finally {
      file.close();
    }
  };
  const backOffice = () =>
    read<{ reference: string; application: string; delivery: string }>(
      'SELECT reference, application, delivery FROM back_office_applications ORDER BY seq',
    );

  it('commits the application for the back office before answering with its reference', async () => {
    const reply = await post('/applications', application('apply-request-0001'));
    expect(reply.statusCode).toBe(200);
    const receipt = reply.json();
    expect(receipt.reference).toMatch(/^SQ-\d{8}-\d{4}$/);
    expect(receipt.destination.name).toBe('社区便民服务中心（帮办代办）');
    expect(receipt.destination.description).toContain('保存在本自助终端');
    const [row, ...more] = backOffice();
    expect(more).toEqual([]);
    expect(row?.reference).toBe(receipt.reference);
    expect(row?.delivery).toBe('waiting-for-back-office');
    const stored = JSON.parse(row?.application ?? '{}');
    expect(stored.applicant).toEqual({ name: NAME, idNumber: ID_NUMBER, source: 'id-number' });
    expect(stored.answers).toContainEqual({
      questionId: 'living',
      label: '老人现在和谁一起住？',
      answer: 'alone',
      shown: '独自居住',
    });
  });

  it('answers a retry with the application already committed, not a second one', async () => {
    const first = await post('/applications', application('apply-request-0002'));
    const again = await post('/applications', application('apply-request-0002'));
    expect(again.json()).toEqual(first.json());
    expect(backOffice()).toHaveLength(2);
    const [a, b] = backOffice().map((r) => Number(r.reference.slice(-4)));
    expect(b).toBe((a ?? 0) + 1);
  });

  it('answers a retry with other content with 409 and the application it did submit', async () => {
    const first = (await post('/applications', application('apply-request-0002'))).json();
    const changed = await post(
      '/applications',
      application('apply-request-0002', { phone: '13800138000', living: 'children' }),
    );
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toEqual({
      error: 'application-request-conflict',
      message: expect.stringContaining('nothing of this one was sent'),
      receipt: first,
    });
    const otherPerson = await post('/applications', {
      ...application('apply-request-0002'),
      identity: { source: 'id-number', idNumber: '140902195301050227' },
    });
    expect(otherPerson.statusCode).toBe(409);
    const otherService = await post('/applications', {
      requestId: 'apply-request-0002',
      serviceId: 'residence-certificate',
      identity: { source: 'id-number', idNumber: ID_NUMBER },
      answers: {},
    });
    expect(otherService.json()).toMatchObject({ where: 'serviceId', receipt: first });
    // Nothing of them was kept; the resident can still print the slip of the one that was.
    expect(backOffice()).toHaveLength(2);
    expect(JSON.parse(backOffice()[1]?.application ?? '{}').answers).toContainEqual(
      expect.objectContaining({ questionId: 'phone', answer: PHONE }),
    );
    expect((await post('/applications/print', { reference: first.reference })).json()).toEqual({
      ok: true,
    });
    expect(JSON.stringify(captured.lines)).not.toContain('13800138000');
  });

  it('sends the centre the service, the reference and the time, and logs nothing personal', async () => {
    const usage = read<{ payload: string }>(
      `SELECT payload FROM outbox WHERE type = 'application.submitted' ORDER BY seq`,
    ).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(usage).toHaveLength(2);
    expect(Object.keys(usage[0] ?? {}).sort()).toEqual(['reference', 'serviceId', 'submittedAt']);
    const everything =
      JSON.stringify(read('SELECT * FROM outbox')) + JSON.stringify(captured.lines);
    for (const personal of [NAME, ID_NUMBER, PHONE, '独自居住', 'alone']) {
      expect(everything).not.toContain(personal);
    }
    expect(captured.lines.filter((l) => l.event === 'application.submitted')).toHaveLength(2);
  });

  it('refuses a wrong answer in plain terms, naming the question and not the answer', async () => {
    const reply = await post(
      '/applications',
      application('apply-request-0003', { phone: '12345' }),
    );
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toEqual({
      error: 'application-invalid-answer',
      message: 'The answer to "phone" is refused: not-a-phone.',
      where: 'answers.phone',
    });
    expect(JSON.stringify(captured.lines)).not.toContain('12345');
  });

  it('refuses a missing required answer, an option not offered and an unknown question', async () => {
    const missing = application('apply-request-0004');
    delete (missing.answers as Record<string, string>)['payment-card'];
    expect((await post('/applications', missing)).json()).toMatchObject({
      error: 'application-invalid-answer',
      message: 'The answer to "payment-card" is refused: required.',
    });
    const option = application('apply-request-0005', { living: 'castle' });
    expect((await post('/applications', option)).json()).toMatchObject({
      message: 'The answer to "living" is refused: not-an-option.',
    });
    const extra = application('apply-request-0006', { income: '3000' });
    expect((await post('/applications', extra)).json()).toMatchObject({
      error: 'application-unknown-question',
      message: 'This service\'s form has no question "income".',
    });
  });

  it('refuses an answer to a question the card answers, a bad ID number and a stale card read', async () => {
    const fromCard = application('apply-request-0007', { 'applicant-id-number': ID_NUMBER });
    expect((await post('/applications', fromCard)).json()).toMatchObject({
      error: 'application-unknown-question',
      where: 'answers.applicant-id-number',
    });
    const badNumber = {
      ...application('apply-request-0008'),
      identity: { source: 'id-number', idNumber: '140902199001080132' },
    };
    expect((await post('/applications', badNumber)).json()).toMatchObject({
      error: 'application-invalid-id-number',
    });
    const { 'applicant-name': _name, ...answers } = application('x').answers;
    const staleCard = {
      ...application('apply-request-0009'),
      identity: { source: 'card', readId: '00000000-0000-4000-8000-000000000000' },
      answers,
    };
    expect((await post('/applications', staleCard)).json()).toMatchObject({
      error: 'application-unknown-card-read',
    });
    expect(backOffice()).toHaveLength(2);
  });

  it('refuses a service that takes no applications, and anything beyond the schema', async () => {
    const guide = { ...application('apply-request-0010'), serviceId: 'social-security-card' };
    expect((await post('/applications', guide)).json()).toMatchObject({
      error: 'application-unknown-service',
    });
    const extra = { ...application('apply-request-0011'), name: NAME };
    expect((await post('/applications', extra)).statusCode).toBe(400);
    // A key no question id can be (here a name and a phone number) is refused at the boundary,
    // whatever its value: the reply names it to the page that sent it, the log does not.
    const oddKey = application('apply-request-0012', {
      [`${NAME} ${PHONE}`]: { anything: 1 } as unknown as string,
    });
    const kept = backOffice().length;
    const refused = await post('/applications', oddKey);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: 'bad-request', where: 'answers' });
    expect(JSON.stringify(captured.lines)).not.toContain(PHONE);
    expect(backOffice()).toHaveLength(kept);
  });

  it('prints a slip with the reference, the destination and what next, and no personal data', async () => {
    const [row] = backOffice();
    const reply = await post('/applications/print', { reference: row?.reference ?? '' });
    expect(reply.json()).toEqual({ ok: true });
    const state = await terminal.agent.server.inject({ method: 'GET', url: '/api/v1/dev/state' });
    const receipt = state.json().receipts.at(-1);
    expect(receipt.text).toContain(row?.reference);
    expect(receipt.text).toContain('社区便民服务中心（帮办代办）');
    expect(receipt.text).toContain('次月起按月发放');
    expect(receipt.text).toContain(
      `[QR: BMA1|${defaultConfig.terminal.terminalId}|${row?.reference}]`,
    );
    for (const personal of [NAME, ID_NUMBER, PHONE]) expect(receipt.text).not.toContain(personal);
    const unknown = await post('/applications/print', { reference: 'SQ-20200101-0001' });
    expect(unknown.statusCode).toBe(404);
  });
});

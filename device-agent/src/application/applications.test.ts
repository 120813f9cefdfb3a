import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, err } from '@bianmin/common';
import { captureLogger, makeTempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig, residentCatalogue } from '@bianmin/config';
import { createOutbox } from '@bianmin/sync/outbox';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { applicationServices, createApplications, createCardHolds } from './index.js';
import { createBackOfficeOutboxConnector } from './back-office-outbox.js';
import type { ApplicationConnector } from './connector.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const services = applicationServices(residentCatalogue(loaded.value.services));
const wang = SAMPLE_IDENTITIES.find((s) => s.key === 'wang-xiuying')!.holder;

const answers = {
  purpose: 'school',
  housing: 'rented',
  building: '12',
  'moved-in': '2019-09-01',
  phone: '03512345678',
};

function setUp(connector?: (real: ApplicationConnector) => ApplicationConnector) {
  const dir = makeTempDir('applications');
  const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
  if (!opened.ok) throw new Error('no database');
  const db = opened.value;
  const now = () => new Date('2026-11-26T02:00:00Z');
  const real = createBackOfficeOutboxConnector(db, { timeZone: 'Asia/Shanghai', now });
  const clock = createManualClock();
  const holds = createCardHolds({ clock, keepMs: 1000 });
  const outbox = createOutbox(db);
  const applications = createApplications({
    services,
    connector: connector ? connector(real) : real,
    holds,
    outbox,
    logger: captureLogger('agent').logger,
    timeZone: 'Asia/Shanghai',
    now,
    onOutboxChanged: () => {},
  });
  const rows = () =>
    db.prepare('SELECT reference, application FROM back_office_applications').all() as {
      reference: string;
      application: string;
    }[];
  const close = () => {
    db.close();
    dir.remove();
  };
  return { applications, holds, outbox, rows, close, later: (ms: number) => clock.advance(ms) };
}

let close = () => {};
afterEach(() => close());

const request = (readId: string) => ({
  requestId: 'apply-card-0001',
  serviceId: 'residence-certificate',
  identity: { source: 'card' as const, readId },
  answers,
});

describe('applications from a card', () => {
  it('fills in the name and number the agent held, and numbers it by the local day', async () => {
    const t = setUp();
    close = t.close;
    const submitted = await t.applications.submit(request(t.holds.keep(wang)));
    // 10:00 in Shanghai; the sequence starts at 5001 if the file was made that day.
    expect(submitted.ok && submitted.value.reference).toMatch(/^SQ-20261126-(0001|5001)$/);
    const stored = JSON.parse(t.rows()[0]?.application ?? '{}');
    expect(stored.applicant).toEqual({ name: wang.name, idNumber: wang.idNumber, source: 'card' });
    // Not the name question: the card answered it.
    expect(stored.answers.map((a: { questionId: string }) => a.questionId)).toEqual([
      'purpose',
      'housing',
      'building',
      'moved-in',
      'phone',
    ]);
    // The back office reads Chinese: the form's words in Chinese beside the values the kiosk
    // sent, whatever language the resident used (docs/i18n.md).
    expect(stored.answers.slice(0, 3)).toEqual([
      { questionId: 'purpose', label: '居住证明用来做什么？', answer: 'school', shown: '孩子上学' },
      { questionId: 'housing', label: '您住的房子是？', answer: 'rented', shown: '租的房子' },
      {
        questionId: 'building',
        label: expect.stringMatching(/楼/),
        answer: '12',
        shown: '12 号楼',
      },
    ]);
    const reference = submitted.ok ? submitted.value.reference : '';
    expect(t.applications.slipFacts(reference)).toMatchObject({
      serviceName: '开具居住证明',
      whatNext: expect.stringMatching(/电话/),
    });
  });

  it('keeps the card read for a corrected answer, and gives it out only once', async () => {
    const t = setUp();
    close = t.close;
    const readId = t.holds.keep(wang);
    const refused = await t.applications.submit({
      ...request(readId),
      answers: { ...answers, 'moved-in': '2099-01-01' },
    });
    expect(!refused.ok && refused.error).toMatchObject({
      kind: 'invalid-answer',
      question: 'moved-in',
    });
    expect((await t.applications.submit(request(readId))).ok).toBe(true);
    const another = await t.applications.submit({
      ...request(readId),
      requestId: 'apply-card-0002',
    });
    expect(!another.ok && another.error.kind).toBe('unknown-card-read');
  });

  it('drops a card read after its time', async () => {
    const t = setUp();
    close = t.close;
    const readId = t.holds.keep(wang);
    await t.later(1001);
    const late = await t.applications.submit(request(readId));
    expect(!late.ok && late.error.kind).toBe('unknown-card-read');
  });

  it('reports nothing submitted when the connector cannot commit, and records no usage', async () => {
    const t = setUp((real) => ({
      ...real,
      destination: real.destination,
      submit: async () => err({ kind: 'unavailable', detail: 'SqliteError' }),
    }));
    close = t.close;
    const failed = await t.applications.submit(request(t.holds.keep(wang)));
    expect(!failed.ok && failed.error.kind).toBe('not-committed');
    expect(t.outbox.pending(10).filter((e) => e.type === 'application.submitted')).toEqual([]);
  });
});

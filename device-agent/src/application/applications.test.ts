import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, err, ok } from '@bianmin/common';
import { captureLogger, makeTempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig, residentCatalogue } from '@bianmin/config';
import { createOutbox, type Outbox } from '@bianmin/sync/outbox';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import {
  applicationServices,
  createApplications,
  createApplicationUsageLog,
  createCardHolds,
} from './index.js';
import { createBackOfficeOutboxConnector } from './back-office-outbox.js';
import type { ApplicationConnector, SubmittedApplication } from './connector.js';

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

/** The outbox with its next `failures` appends failing as a full disk does. */
function filling(outbox: Outbox, failures: number): Outbox {
  let left = failures;
  return {
    ...outbox,
    append: (event) => {
      if (left-- > 0)
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return outbox.append(event);
    },
  };
}

/**
 * A connector that commits somewhere other than the terminal's database, as a provincial
 * platform's would: `committing` runs after its commit, so it cannot be undone with it.
 */
function elsewhere(): ApplicationConnector {
  const committed = new Map<string, SubmittedApplication>();
  return {
    destination: { name: '省政务服务平台', description: '已交到省政务服务平台。' },
    find: async (requestId) => committed.get(requestId),
    submit: async (application, committing) => {
      const submitted = {
        reference: `SQ-20261126-${String(committed.size + 1).padStart(4, '0')}`,
        serviceId: application.serviceId,
        submittedAt: '2026-11-26T02:00:00.000Z',
      };
      committed.set(application.requestId, submitted);
      try {
        committing(submitted);
      } catch {
        return err({ kind: 'unavailable', detail: 'usage' });
      }
      return ok(submitted);
    },
  };
}

function setUp(
  connector?: (real: ApplicationConnector) => ApplicationConnector,
  options: { failingAppends?: number } = {},
) {
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
    usage: createApplicationUsageLog(db, filling(outbox, options.failingAppends ?? 0)),
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
  const usage = () => outbox.pending(100).filter((e) => e.type === 'application.submitted');
  return {
    applications,
    holds,
    outbox,
    rows,
    usage,
    close,
    later: (ms: number) => clock.advance(ms),
  };
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

  it('keeps the card read when the commit fails, so the retry with it goes through', async () => {
    let failures = 1;
    const t = setUp((real) => ({
      ...real,
      destination: real.destination,
      submit: async (application, committing) =>
        failures-- > 0
          ? err({ kind: 'unavailable', detail: 'SqliteError' })
          : real.submit(application, committing),
    }));
    close = t.close;
    const readId = t.holds.keep(wang);
    const failed = await t.applications.submit(request(readId));
    expect(!failed.ok && failed.error.kind).toBe('not-committed');
    const retried = await t.applications.submit(request(readId));
    expect(retried.ok).toBe(true);
    expect(JSON.parse(t.rows()[0]?.application ?? '{}').applicant.name).toBe(wang.name);
    // Committed: the read is spent.
    expect(t.holds.peek(readId)).toBeUndefined();
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

describe('the usage event of an application', () => {
  it('commits with the application or not at all, so a retry after a full disk counts it once', async () => {
    const t = setUp(undefined, { failingAppends: 1 });
    close = t.close;
    const readId = t.holds.keep(wang);
    const failed = await t.applications.submit(request(readId));
    expect(!failed.ok && failed.error.kind).toBe('not-committed');
    expect(t.rows()).toEqual([]);
    expect(t.usage()).toEqual([]);

    const retried = await t.applications.submit(request(t.holds.keep(wang)));
    const again = await t.applications.submit(request('card-read-gone-0000'));
    expect(again).toEqual(retried);
    expect(t.rows()).toHaveLength(1);
    expect(t.usage().map((e) => e.payload)).toEqual([
      {
        serviceId: 'residence-certificate',
        reference: retried.ok && retried.value.reference,
        submittedAt: '2026-11-26T02:00:00.000Z',
      },
    ]);
  });

  it('is recorded by the retry when a connector committing elsewhere lost it, and only once', async () => {
    const t = setUp(() => elsewhere(), { failingAppends: 1 });
    close = t.close;
    const readId = t.holds.keep(wang);
    // Committed there, but the event's write failed: the kiosk is told to try again.
    const failed = await t.applications.submit(request(readId));
    expect(!failed.ok && failed.error.kind).toBe('not-committed');
    expect(t.usage()).toEqual([]);

    const retried = await t.applications.submit(request(readId));
    expect(retried.ok && retried.value.reference).toBe('SQ-20261126-0001');
    await t.applications.submit(request(readId));
    expect(t.usage().map((e) => e.payload)).toEqual([
      {
        serviceId: 'residence-certificate',
        reference: 'SQ-20261126-0001',
        submittedAt: '2026-11-26T02:00:00.000Z',
      },
    ]);
  });

  it('answers a retry whose event cannot be written yet as not committed, not as a crash', async () => {
    const t = setUp(() => elsewhere(), { failingAppends: 2 });
    close = t.close;
    const readId = t.holds.keep(wang);
    await t.applications.submit(request(readId));
    const retried = await t.applications.submit(request(readId));
    expect(!retried.ok && retried.error.kind).toBe('not-committed');
    expect((await t.applications.submit(request(readId))).ok).toBe(true);
    expect(t.usage()).toHaveLength(1);
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, err, ok, type EventLogger } from '@bianmin/common';
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
  createRequestFingerprint,
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
    submit: async (application, { fingerprint, committing }) => {
      const submitted = {
        reference: `SQ-20261126-${String(committed.size + 1).padStart(4, '0')}`,
        serviceId: application.serviceId,
        submittedAt: '2026-11-26T02:00:00.000Z',
        fingerprint,
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
  options: { failingAppends?: number; logger?: EventLogger } = {},
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
    fingerprint: createRequestFingerprint(db),
    logger: options.logger ?? captureLogger('agent').logger,
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
    db,
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
      submit: async (application, options) =>
        failures-- > 0
          ? err({ kind: 'unavailable', detail: 'SqliteError' })
          : real.submit(application, options),
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

    const retried = await t.applications.submit(request(readId));
    const again = await t.applications.submit(request(readId));
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
    // The retry found the application standing: the card read it names is spent with it.
    expect(t.holds.peek(readId)).toBeUndefined();
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

describe('a submission under a request id that already submitted one', () => {
  const changed = { ...answers, housing: 'owned', phone: '13800138000' };

  it('is refused with the application already submitted, which keeps its answers', async () => {
    const t = setUp();
    close = t.close;
    const readId = t.holds.keep(wang);
    const first = await t.applications.submit(request(readId));
    const retried = await t.applications.submit({ ...request(readId), answers: changed });
    expect(!retried.ok && retried.error).toMatchObject({
      kind: 'request-conflict',
      field: 'content',
      receipt: first.ok ? first.value : {},
    });
    expect(t.rows()).toHaveLength(1);
    const stored = JSON.parse(t.rows()[0]?.application ?? '{}');
    const answer = (id: string) =>
      stored.answers.find((a: { questionId: string }) => a.questionId === id)?.answer;
    expect([answer('housing'), answer('phone')]).toEqual(['rented', '03512345678']);
    expect(t.usage()).toHaveLength(1);
    // The same content again is a retry: the same receipt.
    expect(await t.applications.submit(request(readId))).toEqual(first);
  });

  it('is refused when it names another service, as a ticket request is', async () => {
    const t = setUp();
    close = t.close;
    const readId = t.holds.keep(wang);
    const first = await t.applications.submit(request(readId));
    const other = await t.applications.submit({
      ...request(readId),
      serviceId: 'senior-allowance',
      answers: { 'who-applies': 'self', living: 'alone', 'payment-card': 'bank-card', phone: '' },
    });
    expect(!other.ok && other.error).toMatchObject({
      kind: 'request-conflict',
      field: 'serviceId',
      receipt: { reference: first.ok && first.value.reference },
    });
    expect(t.rows()).toHaveLength(1);
  });

  it('is refused when the card was read again, since whose card it was is not known', async () => {
    const t = setUp();
    close = t.close;
    const first = await t.applications.submit(request(t.holds.keep(wang)));
    const again = await t.applications.submit(request(t.holds.keep(wang)));
    expect(!again.ok && again.error).toMatchObject({
      kind: 'request-conflict',
      receipt: { reference: first.ok && first.value.reference },
    });
  });

  it('is taken as a retry of an application submitted before fingerprints were kept', async () => {
    const t = setUp();
    close = t.close;
    const readId = t.holds.keep(wang);
    const first = await t.applications.submit(request(readId));
    t.db.prepare('UPDATE back_office_applications SET fingerprint = NULL').run();
    expect(await t.applications.submit({ ...request(readId), answers: changed })).toEqual(first);
  });

  it('is told apart by a keyed hash that gives none of the answers away', async () => {
    const stored: string[] = [];
    for (const _database of [1, 2]) {
      const t = setUp();
      await t.applications.submit(request(t.holds.keep(wang)));
      stored.push(
        t.db.prepare('SELECT fingerprint FROM back_office_applications').pluck().get() as string,
      );
      t.close();
    }
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    // Each file has its own key: the same request gives another fingerprint.
    expect(stored[1]).not.toBe(stored[0]);
  });

  it('logs which field differs and the reference, never an answer', async () => {
    const logger = captureLogger('agent');
    const t = setUp(undefined, { logger: logger.logger });
    close = t.close;
    const readId = t.holds.keep(wang);
    await t.applications.submit(request(readId));
    await t.applications.submit({ ...request(readId), answers: changed });
    const refused = logger.lines.filter((l) => l.event === 'application.refused');
    expect(refused).toEqual([
      expect.objectContaining({ reason: 'request-conflict', field: 'content' }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toMatch(/13800138000|owned|03512345678/);
  });
});

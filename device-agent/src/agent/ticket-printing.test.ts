import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir, type TempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { createOutbox, type Outbox } from '@bianmin/sync/outbox';
import { createMemoryPair } from '../transport/index.js';
import { ReceiptPrinter, ReceiptPrinterSimulator, receiptToText } from '../printer/index.js';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createTicketStore, type QueueTicket, type TicketStore } from '../queue/ticket-store.js';
import { createTicketPrinting } from './ticket-printing.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const { terminal } = loaded.value;
const SERVICE = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const ID = 'request-0001';

describe('ticket printing: one slip per ticket at most automatically', () => {
  let dir: TempDir;
  let db: Database.Database;
  let outbox: Outbox;
  let tickets: TicketStore;
  let simulator: ReceiptPrinterSimulator;
  let printer: ReceiptPrinter;
  let ticket: QueueTicket;
  /** Runs when a print job (not a 3-byte status request) reaches the printer, before it prints. */
  let onJob: (() => void) | undefined;
  const log = captureLogger('agent');

  beforeEach(async () => {
    dir = makeTempDir('ticket-printing');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    outbox = createOutbox(db);
    tickets = createTicketStore(db, outbox, { timeZone: terminal.timeZone });
    const pair = createMemoryPair('printer');
    onJob = undefined;
    // Registered before the simulator's own listener, so it acts before the job is printed.
    pair.device.onData((chunk) => {
      if (chunk.length > 3) onJob?.();
    });
    simulator = new ReceiptPrinterSimulator(pair.device);
    await simulator.start();
    // A stopped printer never answers the print barrier: keep that wait short.
    printer = new ReceiptPrinter(pair.host, { statusTimeoutMs: 50, printTimeoutMs: 1000 });
    const issued = tickets.issue({
      requestId: ID,
      service: SERVICE,
      priority: false,
      durationMs: 1,
    });
    if (!issued.ok) throw new Error('not issued');
    ticket = issued.value;
  });
  afterEach(async () => {
    await printer.close();
    await simulator.stop();
    db.close();
    dir.remove();
  });

  const printing = () =>
    createTicketPrinting({
      terminal,
      printer,
      slip: { paperWidthMm: 80, fourByteGlyphs: false },
      tickets,
      outbox,
      logger: log.logger,
    });
  const state = () => tickets.find(ID, () => '')?.print;

  it('shares one print among concurrent requests for the same ticket', async () => {
    const service = printing();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => service.printIssued(ID, ticket)),
    );
    expect(outcomes).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    expect(simulator.receipts).toHaveLength(1);
    expect(state()).toBe('printed');
    // A later replay reports the slip printed and prints nothing.
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: true });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('does not print again after a crash between sending and recording; a reprint does', async () => {
    // The crashed process had committed `printing` and sent the job; its slip came out.
    expect(tickets.claimPrint(ID).ok).toBe(true);
    const restarted = printing();
    expect(await restarted.printIssued(ID, ticket)).toEqual({
      ok: false,
      reason: 'unknown-outcome',
    });
    expect(simulator.receipts).toHaveLength(0);
    expect(eventsNamed(log.lines, 'device.printer.print-withheld').at(-1)).toMatchObject({
      ticket: ticket.number,
      state: 'printing',
    });
    expect(await restarted.reprint(ID, ticket)).toEqual({ ok: true, value: { ok: true } });
    expect(simulator.receipts).toHaveLength(1);
    expect(await restarted.reprint(ID, ticket)).toEqual({
      ok: false,
      error: { kind: 'already-printed' },
    });
  });

  it('reports a job the paper ran out in as not printed, and reprints it once the printer is ready', async () => {
    const service = printing();
    simulator.setPaperRemaining(5);
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: false, reason: 'no-paper' });
    expect(simulator.receipts).toHaveLength(0);
    expect(state()).toBe('failed');
    // A retried request does not print it again on its own.
    simulator.setCondition({ paper: 'ok' });
    expect(await service.printIssued(ID, ticket)).toEqual({
      ok: false,
      reason: 'awaiting-reprint',
    });
    expect(simulator.receipts).toHaveLength(0);

    // A reprint on a printer that is not ready sends nothing and keeps the ticket waiting.
    simulator.setCondition({ coverOpen: true });
    expect(await service.reprint(ID, ticket)).toEqual({
      ok: true,
      value: { ok: false, reason: 'cover-open' },
    });
    expect(state()).toBe('failed');

    simulator.setCondition({ coverOpen: false });
    expect(await service.reprint(ID, ticket)).toEqual({ ok: true, value: { ok: true } });
    expect(simulator.receipts).toHaveLength(1);
    expect(receiptToText(simulator.receipts[0]!)).toContain(ticket.number);
    expect(await service.reprint(ID, ticket)).toEqual({
      ok: false,
      error: { kind: 'already-printed' },
    });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('reports a job the cover was opened in as not printed, and never reprints it by itself', async () => {
    const service = printing();
    onJob = () => simulator.setCondition({ coverOpen: true });
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: false, reason: 'cover-open' });
    expect(simulator.receipts).toHaveLength(0);
    expect(state()).toBe('failed');
    onJob = undefined;
    simulator.setCondition({ coverOpen: false });
    expect(await service.printIssued(ID, ticket)).toMatchObject({ ok: false });
    expect(simulator.receipts).toHaveLength(0);
    expect(await service.reprint(ID, ticket)).toEqual({ ok: true, value: { ok: true } });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('reports a job the printer never confirmed as not printed, though the printer is ready again', async () => {
    const service = printing();
    simulator.setPaperRemaining(5);
    // A fresh roll well within printTimeoutMs: the job is lost, the printer ready at the after-check.
    onJob = () => {
      onJob = undefined;
      setTimeout(() => simulator.setCondition({ paper: 'ok' }), 100);
    };
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: false, reason: 'unconfirmed' });
    expect(simulator.receipts).toHaveLength(0);
    expect(state()).toBe('failed');
    expect(await service.printIssued(ID, ticket)).toEqual({
      ok: false,
      reason: 'awaiting-reprint',
    });
    expect(await service.reprint(ID, ticket)).toEqual({ ok: true, value: { ok: true } });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('prints a ticket the printer was not ready for when the request is retried', async () => {
    const service = printing();
    simulator.setCondition({ coverOpen: true });
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: false, reason: 'cover-open' });
    // Nothing was sent, so the slip is still pending and a retry may print it.
    expect(state()).toBe('pending');
    simulator.setCondition({ coverOpen: false });
    expect(await service.printIssued(ID, ticket)).toEqual({ ok: true });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('refuses a reprint while the ticket is printing', async () => {
    const service = printing();
    const first = service.printIssued(ID, ticket);
    expect(await service.reprint(ID, ticket)).toEqual({ ok: false, error: { kind: 'printing' } });
    expect(await first).toEqual({ ok: true });
    expect(simulator.receipts).toHaveLength(1);
  });
});

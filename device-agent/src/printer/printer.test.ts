import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair, type MemoryPair } from '../transport/index.js';
import { EscPosBuilder, statusRequest } from './escpos.js';
import { ReceiptPrinter, type ReceiptPrinterOptions } from './printer.js';
import { ReceiptPrinterSimulator } from './simulator.js';
import { layoutTicket } from './ticket-layout.js';

const ticket = layoutTicket({
  ticketNumber: 'A001',
  serviceName: '社保医保',
  priority: false,
  issuedAt: new Date('2024-03-05T01:02:00Z'),
  timeZone: 'Asia/Shanghai',
  waitingAhead: 3,
  communityName: '东风街道便民服务中心',
  terminalName: '一号机',
  qrPayload: 'BMQ1|T01|2024-03-05|A001',
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function setUp(options: ReceiptPrinterOptions = {}, answersBufferedStatus = true) {
  const pair: MemoryPair = createMemoryPair('printer');
  const simulator = new ReceiptPrinterSimulator(pair.device, {
    now: () => new Date('2024-03-05T01:02:03Z'),
    answersBufferedStatus,
  });
  await simulator.start();
  const printer = new ReceiptPrinter(pair.host, {
    statusTimeoutMs: 50,
    printTimeoutMs: 200,
    ...options,
  });
  cleanups.push(async () => {
    await printer.close();
    await simulator.stop();
  });
  return { pair, simulator, printer };
}

/**
 * Sends raw bytes from the host end and resolves with the replies once `until` says they are
 * complete: waits on the bytes themselves, never on a timer.
 */
async function rawReplies(
  pair: MemoryPair,
  bytes: Uint8Array,
  until: (replies: number[]) => boolean,
): Promise<number[]> {
  await pair.host.open();
  const replies: number[] = [];
  let stop: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => {
    stop = pair.host.onData((chunk) => {
      replies.push(...chunk);
      if (until(replies)) resolve();
    });
  });
  await pair.host.write(bytes);
  await complete;
  stop();
  return replies;
}

const count = (n: number) => (replies: number[]) => replies.length >= n;

describe('ReceiptPrinter with the simulator', () => {
  it('reads a ready printer', async () => {
    const { printer, simulator } = await setUp();
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    simulator.setCondition({ paper: 'near-end' });
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: true });
  });

  it('prints a ticket the simulator decodes', async () => {
    const { printer, simulator } = await setUp();
    const seen: string[] = [];
    simulator.onReceipt((r) => seen.push(r.printedAt));
    const result = await printer.print(ticket);
    expect(result).toEqual({
      ok: true,
      value: { status: { state: 'ready', paperNearEnd: false } },
    });
    expect(simulator.receipts).toHaveLength(1);
    const receipt = simulator.receipts[0];
    expect(receipt?.cut).toBe('feed-partial');
    expect(receipt?.printedAt).toBe('2024-03-05T01:02:03.000Z');
    expect(receipt?.lines).toContainEqual({
      kind: 'text',
      text: 'A001',
      align: 'center',
      bold: true,
      width: 4,
      height: 4,
    });
    expect(receipt?.qrCodes).toEqual([
      { data: 'BMQ1|T01|2024-03-05|A001', moduleSize: 6, errorLevel: 'M' },
    ]);
    expect(simulator.problems).toEqual([]);
    expect(seen).toEqual(['2024-03-05T01:02:03.000Z']);
  });

  it('refuses to print without paper and nothing comes out', async () => {
    const { printer, simulator } = await setUp();
    simulator.setCondition({ paper: 'out' });
    expect(await printer.status()).toEqual({ state: 'no-paper' });
    expect(await printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'not-ready', status: { state: 'no-paper' } },
    });
    expect(simulator.receipts).toEqual([]);
  });

  it('refuses to print with the cover open', async () => {
    const { printer, simulator } = await setUp();
    simulator.setCondition({ coverOpen: true, paper: 'out' });
    expect(await printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'not-ready', status: { state: 'cover-open' } },
    });
    expect(simulator.receipts).toEqual([]);
  });

  it('names the error cause', async () => {
    const { printer, simulator } = await setUp();
    simulator.setCondition({ error: 'cutter' });
    expect(await printer.status()).toEqual({ state: 'error', kind: 'cutter' });
  });

  it('reports a switched-off printer within the timeout, then prints once it is back', async () => {
    const { printer, simulator } = await setUp();
    simulator.setCondition({ offline: true });
    const result = await printer.print(ticket);
    // The detail names the timeout that ended the wait (statusTimeoutMs of setUp).
    expect(result).toEqual({
      ok: false,
      error: { kind: 'offline', detail: 'no status reply within 50 ms' },
    });
    expect(await printer.status()).toEqual({ state: 'offline' });
    simulator.setCondition({ offline: false });
    expect((await printer.print(ticket)).ok).toBe(true);
    expect(simulator.receipts).toHaveLength(1);
  });

  it('recovers after the cable is pulled and put back', async () => {
    const { printer, simulator, pair } = await setUp();
    expect((await printer.status()).state).toBe('ready');
    pair.setConnected(false);
    expect(await printer.status()).toEqual({ state: 'offline' });
    const failed = await printer.print(ticket);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.kind).toBe('offline');
    pair.setConnected(true);
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    expect((await printer.print(ticket)).ok).toBe(true);
    expect(simulator.receipts).toHaveLength(1);
  });

  it('detects paper running out during the job', async () => {
    const { printer, simulator } = await setUp();
    simulator.setPaperRemaining(5);
    expect(await printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'failed-during-print', status: { state: 'no-paper' } },
    });
    expect(simulator.receipts).toEqual([]);
    // A fresh roll: printing works again.
    simulator.setCondition({ paper: 'ok' });
    expect((await printer.print(ticket)).ok).toBe(true);
  });

  it('does not report a job as printed when the printer stopped in it and was put right before the barrier timed out', async () => {
    const { printer, simulator } = await setUp();
    simulator.setPaperRemaining(5);
    const printing = printer.print(ticket);
    // A fresh roll within printTimeoutMs (200 ms): the printer is ready again at the after-check.
    setTimeout(() => simulator.setCondition({ paper: 'ok' }), 100);
    expect(await printing).toEqual({
      ok: false,
      error: { kind: 'unconfirmed' },
    });
    expect(simulator.receipts).toEqual([]);
    expect((await printer.print(ticket)).ok).toBe(true);
    expect(simulator.receipts).toHaveLength(1);
  });

  it('reports every job of a model without GS r unconfirmed, unless told not to ask', async () => {
    const asking = await setUp({}, false);
    expect(await asking.printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'unconfirmed' },
    });
    // The slip came out all the same: what the technician's test print points out.
    expect(asking.simulator.receipts).toHaveLength(1);
    const told = await setUp({ confirmWithBufferedStatus: false }, false);
    expect((await told.printer.print(ticket)).ok).toBe(true);
  });

  it('detects it without the buffered-status barrier too', async () => {
    const { printer, simulator } = await setUp({ confirmWithBufferedStatus: false });
    expect((await printer.print(ticket)).ok).toBe(true);
    simulator.setPaperRemaining(5);
    expect(await printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'failed-during-print', status: { state: 'no-paper' } },
    });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('detects the printer vanishing during the job', async () => {
    const { printer, simulator, pair } = await setUp();
    const original = pair.host.write.bind(pair.host);
    let writes = 0;
    // Pull the cable right after the job goes out.
    pair.host.write = async (data) => {
      const result = await original(data);
      if (data.length > 10 && ++writes === 1) simulator.setCondition({ offline: true });
      return result;
    };
    expect(await printer.print(ticket)).toEqual({
      ok: false,
      error: { kind: 'failed-during-print', status: { state: 'offline' } },
    });
  });

  it('keeps status and print calls from interleaving on the port', async () => {
    const { printer, simulator } = await setUp();
    const results = await Promise.all([
      printer.status(),
      printer.print(ticket),
      printer.status(),
      printer.print(ticket),
    ]);
    expect(results.map((r) => ('state' in r ? r.state : r.ok))).toEqual([
      'ready',
      true,
      'ready',
      true,
    ]);
    expect(simulator.receipts).toHaveLength(2);
  });
});

describe('ReceiptPrinterSimulator', () => {
  it('answers each status request with the fixed bits set', async () => {
    const { pair, simulator } = await setUp();
    const request = (n: 1 | 2 | 3 | 4) => statusRequest(n);
    const all = Uint8Array.from([...request(1), ...request(2), ...request(3), ...request(4)]);
    expect(await rawReplies(pair, all, count(4))).toEqual([0x12, 0x12, 0x12, 0x12]);
    simulator.setCondition({ paper: 'out' });
    expect(await rawReplies(pair, all, count(4))).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    simulator.setCondition({ paper: 'ok', coverOpen: true });
    expect(await rawReplies(pair, all, count(4))).toEqual([0x1a, 0x16, 0x12, 0x12]);
  });

  it('does not mistake a status request inside a command for one', async () => {
    const { pair, simulator } = await setUp();
    const inside = new EscPosBuilder()
      .chineseMode(true)
      .qr('\u0010\u0004\u0001')
      .cut('full')
      .build();
    // A fence after the job: the paper sensor's status (DLE EOT 4) reads 0x1e with the roll
    // near its end, unlike the 0x12 a mistaken DLE EOT 1 inside the QR data would give, and
    // the simulator answers in order, so anything the job caused arrives before it.
    simulator.setCondition({ paper: 'near-end' });
    const fenced = Uint8Array.from([...inside, ...statusRequest(4)]);
    expect(await rawReplies(pair, fenced, (r) => r.includes(0x1e))).toEqual([0x1e]);
    expect(simulator.receipts[0]?.qrCodes[0]?.data).toBe('\u0010\u0004\u0001');
    // Between commands (even split over writes) it is answered.
    const between = Uint8Array.from([0x1b, 0x40, 0x10, 0x04, 0x01, 0x1b, 0x45, 0x01]);
    expect(await rawReplies(pair, between, count(1))).toEqual([0x12]);
  });

  it('keeps the newest receipts only', async () => {
    const pair = createMemoryPair('keep');
    const simulator = new ReceiptPrinterSimulator(pair.device, { keepReceipts: 2 });
    await simulator.start();
    cleanups.push(() => simulator.stop());
    const job = (text: string) => new EscPosBuilder().line(text).cut('full').build();
    const printed = new Promise<void>((resolve) => {
      let n = 0;
      simulator.onReceipt(() => ++n === 3 && resolve());
    });
    await pair.host.open();
    await pair.host.write(Uint8Array.from([...job('1'), ...job('2'), ...job('3')]));
    await printed;
    expect(simulator.receipts.map((r) => r.lines[0])).toMatchObject([{ text: '2' }, { text: '3' }]);
    simulator.clearReceipts();
    expect(simulator.receipts).toEqual([]);
  });
});

/**
 * Fuzzes every byte parser of the device agent: random bytes and mutations of valid input
 * (bit flips, inserted, deleted and duplicated bytes, cut frames, concatenations), fed through
 * the parser's public entry point. A parser may answer with an error value; it must never
 * throw, and no single input may take long enough to count as a hang.
 */
import { performance } from 'node:perf_hooks';
import {
  decodeReply,
  decodeTextBlock,
  encodeReply,
  encodeTextBlock,
  FrameAssembler,
  SAMPLE_IDENTITIES,
} from '../../device-agent/src/id-card/index.js';
import { parseEscPos } from '../../device-agent/src/printer/parser.js';
import { decodeAutoStatus, decodeRealtimeStatus } from '../../device-agent/src/printer/status.js';
import { layoutTicket } from '../../device-agent/src/printer/index.js';

/**
 * An input slower than this counts as a hang. A parser takes microseconds; a garbage
 * collection or a busy machine can stall one input for tens of milliseconds, never a second.
 */
const HANG_MS = 1000;

export interface FuzzOutcome {
  parser: string;
  inputs: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
  seconds: number;
  firstCrash?: string;
}

/** xorshift32: fast, and the same seed gives the same inputs, so a crash can be replayed. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int };
}

type Rng = ReturnType<typeof random>;

function randomBytes(rng: Rng, max: number): Uint8Array {
  const bytes = new Uint8Array(rng.int(max + 1));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  return bytes;
}

function mutate(rng: Rng, seed: Uint8Array): Uint8Array {
  const bytes = [...seed];
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(bytes.length + 1);
    switch (rng.int(6)) {
      case 0: // flip a bit
        if (bytes.length > 0) bytes[at % bytes.length]! ^= 1 << rng.int(8);
        break;
      case 1: // set a byte to a boundary value
        if (bytes.length > 0) bytes[at % bytes.length] = [0, 0xff, 0x7f, 0x80, 0x10][rng.int(5)]!;
        break;
      case 2: // insert bytes
        bytes.splice(at, 0, ...randomBytes(rng, 8));
        break;
      case 3: // delete bytes
        bytes.splice(at, 1 + rng.int(8));
        break;
      case 4: // cut the input short
        bytes.length = at;
        break;
      default: // duplicate a stretch
        bytes.splice(at, 0, ...bytes.slice(rng.int(bytes.length + 1), at));
    }
  }
  return Uint8Array.from(bytes);
}

function fuzz(
  parser: string,
  inputs: number,
  seeds: readonly Uint8Array[],
  run: (input: Uint8Array, rng: Rng) => unknown,
  seed = 0x5eed,
): FuzzOutcome {
  const rng = random(seed);
  const outcome: FuzzOutcome = { parser, inputs, crashes: 0, hangs: 0, slowestMs: 0, seconds: 0 };
  const started = performance.now();
  for (let i = 0; i < inputs; i++) {
    const input =
      rng.next() < 0.2 ? randomBytes(rng, 64) : mutate(rng, seeds[rng.int(seeds.length)]!);
    const t0 = performance.now();
    try {
      run(input, rng);
    } catch (error) {
      outcome.crashes += 1;
      outcome.firstCrash ??= `input #${i} (seed ${seed}): ${error instanceof Error ? error.message : String(error)}`;
    }
    const ms = performance.now() - t0;
    if (ms > outcome.slowestMs) outcome.slowestMs = ms;
    if (ms > HANG_MS) outcome.hangs += 1;
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

function valid<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('a seed input did not encode');
  return result.value;
}

/** Runs every parser `inputs` times; the figures go to docs/benchmarks.md. */
export function fuzzParsers(inputs: number): FuzzOutcome[] {
  const blocks = SAMPLE_IDENTITIES.map((s) => valid(encodeTextBlock(s.holder)));
  const readReply = (block: Uint8Array) =>
    encodeReply(
      [0x00, 0x00, 0x90],
      Uint8Array.from([0x01, 0x00, 0x04, 0x00, ...block, ...new Uint8Array(1024)]),
    );
  const replies = [
    ...blocks.map(readReply),
    encodeReply([0x00, 0x00, 0x9f]),
    encodeReply([0x00, 0x00, 0x80]),
    encodeReply([0x00, 0x00, 0x90], new Uint8Array(16)),
  ];
  const jobs = [
    layoutTicket({
      ticketNumber: 'A001',
      serviceName: '社保业务',
      priority: true,
      issuedAt: new Date('2026-03-02T01:00:00Z'),
      timeZone: 'Asia/Shanghai',
      waitingAhead: 3,
      communityName: '幸福里社区',
      terminalName: '一号机',
      qrPayload: 'BMQ1|T01|2026-03-02|A001',
    }),
  ];
  const statusBytes = [Uint8Array.of(0x12), Uint8Array.of(0x1a, 0x32, 0x12, 0x7e)];

  return [
    fuzz('GA/T 467 reply frame (decodeReply)', inputs, replies, (input) => decodeReply(input)),
    fuzz('GA/T 467 frame assembler, random chunking', inputs, replies, (input, rng) => {
      const assembler = new FrameAssembler('reply');
      for (let at = 0; at < input.length;) {
        const size = 1 + rng.int(64);
        assembler.push(input.subarray(at, at + size));
        at += size;
      }
    }),
    fuzz('ID-card text block (decodeTextBlock)', inputs, blocks, (input) =>
      decodeTextBlock(input.length >= 256 ? input.subarray(0, 256) : input),
    ),
    fuzz('ESC/POS job (parseEscPos)', inputs, jobs, (input) => parseEscPos(input)),
    fuzz('printer status bytes (DLE EOT n, GS a)', inputs, statusBytes, (input) => {
      for (const n of [1, 2, 3, 4] as const) decodeRealtimeStatus(n, input[0] ?? 0);
      decodeAutoStatus(input);
    }),
  ];
}

export function describeFuzz(o: FuzzOutcome): string {
  return `fuzz ${o.parser}: ${o.inputs.toLocaleString('en')} inputs, ${o.crashes} crashes, ${o.hangs} hangs, slowest ${o.slowestMs.toFixed(1)} ms, ${o.seconds.toFixed(1)} s${o.firstCrash ? `; first crash: ${o.firstCrash}` : ''}`;
}

/** `tsx scripts/bench/fuzz.ts [inputs]`: the fuzz run alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const inputs = Number(process.argv[2] ?? 1_000_000);
  for (const o of fuzzParsers(inputs)) console.log(JSON.stringify(o));
}

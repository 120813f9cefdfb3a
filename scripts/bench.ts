/**
 * `npm run bench`: the performance figures in docs/benchmarks.md. Every part is real: SQLite
 * files with synchronous=FULL, HTTP on loopback, protocol bytes through the simulators, and
 * Debian's chromium for the kiosk journey. Each measurement is a module in scripts/bench/.
 *
 * FUZZ_INPUTS, BENCH_MEMORY_OPS and BENCH_CRASH_KILLS shorten the fuzz, memory and crash runs;
 * BENCH_CENTRE_SECONDS, BENCH_HEARTBEAT_TERMINALS and BENCH_HEARTBEAT_SECONDS the centre runs.
 * `npm run bench` runs this with the centre's Node flag (--max-semi-space-size=64, as its unit
 * packaging/systemd/bianmin-centre.service does), since the centre benches run in this process.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { benchAgentTickets } from './bench/agent-tickets.js';
import { agentMemory, describeAgentMemory } from './bench/agent-memory.js';
import { benchCardRead } from './bench/card-read.js';
import { cardToKiosk, describeCardToKiosk } from './bench/card-to-kiosk.js';
import { benchCentreHeartbeat } from './bench/centre-heartbeat.js';
import { benchCentreIngest } from './bench/centre-ingest.js';
import { benchCrashKills } from './bench/crash-kills.js';
import { benchCoverage } from './bench/coverage.js';
import { benchCounterCalls } from './bench/counter-calls.js';
import { describeFuzz, fuzzParsers } from './bench/fuzz.js';
import { benchKioskJourney } from './bench/kiosk-journey.js';
import { benchKioskPaint } from './bench/kiosk-paint.js';
import { benchMonitoring } from './bench/monitoring.js';
import { benchSpeechCall } from './bench/speech-call.js';
import { benchStoreIngest } from './bench/store-ingest.js';
import { benchTicketStore } from './bench/ticket-store.js';

/** Placements per line speed for card placed -> card-read. */
const CARD_PLACEMENTS = 40;

const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!config.ok) throw new Error('default config invalid');
const report = (...lines: string[]) => lines.forEach((line) => console.log(line));

report(benchTicketStore());
report(await benchCardRead());
report(await benchSpeechCall());
report(await benchAgentTickets(config.value));
report(...(await benchCounterCalls(config.value)));
for (const baudRate of ['unpaced', 115200, 9600] as const) {
  report(describeCardToKiosk(await cardToKiosk(config.value, baudRate, CARD_PLACEMENTS)));
}
report(describeAgentMemory(await agentMemory(Number(process.env.BENCH_MEMORY_OPS ?? 10_000))));
report(...(await benchCentreIngest()));
report(await benchCentreHeartbeat());
report(...(await benchMonitoring()));
report(...(await benchStoreIngest()));
report(await benchCrashKills(Number(process.env.BENCH_CRASH_KILLS ?? 200)));
report(await benchCoverage());
report(await benchKioskJourney());
report(...(await benchKioskPaint()));
report(...fuzzParsers(Number(process.env.FUZZ_INPUTS ?? 1_000_000)).map(describeFuzz));

const load = loadavg().map((l) => l.toFixed(2));
console.log(
  `\nnode ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${load.join(' ')}, ${new Date().toISOString()}`,
);

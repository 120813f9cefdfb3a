/**
 * SIGKILL at random moments: the centre (and a fifth of the time the terminal) while the
 * terminal issues tickets through its real outbox and uploader over HTTP; afterwards the
 * centre must hold every committed event exactly once. The trial itself is the one the
 * integration test runs with a few kills (tests/integration/crash/crash-trial.ts).
 */
import { runCrashTrial } from '../../tests/integration/crash/crash-trial.js';

export async function benchCrashKills(kills: number): Promise<string> {
  const o = await runCrashTrial({ kills });
  const verdict = o.missing === 0 && o.unknown === 0 && o.epochs === 1 ? 'exactly once' : 'FAILED';
  return (
    `crash kills: ${o.centreKills} centre + ${o.terminalKills} terminal SIGKILLs, ` +
    `${o.committed} events committed, ${o.heldOnce} held once at the centre, ` +
    `${o.missing} missing, ${o.unknown} unknown: ${verdict} (${o.seconds.toFixed(1)} s)`
  );
}

/**
 * Shared by the centre benchmarks: terminals enrolled through the registry directly (a
 * fresh Ed25519 key each, as the enrolment route would record it, without 2 requests per
 * terminal), and the forked load generator (centre-load.ts).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { enrolmentTokenSha256 } from '../../sync/src/central/trust/index.js';
import type { TerminalRegistry } from '../../sync/src/central/trust/trust-store.js';
import { ed25519 } from '../../sync/src/signing/index.js';
import { snapshot } from '../../sync/src/testing/fixtures.js';
import type { LoadPlan, LoadResult, LoadTerminal } from './centre-load.js';

export async function enrolDirectly(
  registry: TerminalRegistry,
  terminalIds: string[],
): Promise<LoadTerminal[]> {
  const at = new Date();
  const expiresAt = new Date(at.getTime() + 3_600_000);
  const enrolled: LoadTerminal[] = [];
  for (const terminalId of terminalIds) {
    const key = ed25519.generate();
    const sha256 = enrolmentTokenSha256(randomBytes(32).toString('base64url'));
    const created = await registry.create(terminalId, snapshot().terminal, {
      sha256,
      issuedAt: at,
      expiresAt,
    });
    if (!created.ok) throw new Error(`${terminalId}: ${created.error}`);
    const done = await registry.enrol({
      terminalId,
      tokenSha256: sha256,
      algorithm: ed25519.name,
      publicKey: key.publicKey,
      at,
    });
    if (!done.ok) throw new Error(`${terminalId}: ${done.error}`);
    enrolled.push({ terminalId, privateKey: key.privateKey });
  }
  return enrolled;
}

/**
 * Runs a plan in a child process (Node with the tsx loader) and returns what it measured.
 * The plan is sent outside the closures that wait for the reply: a variable they shared
 * would keep its terminals' keys (120,000 for the heartbeats) in the centre's heap while the
 * centre is measured.
 */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./centre-load.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  const measured = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  child.send(plan);
  return measured;
}

/**
 * `node lib/health-check.mjs [--centre] [--ready SECONDS | --idle SECONDS] [--url URL]`, shipped in every
 * release: asks the device agent's `/healthz` on this machine (AGENT_HOST and AGENT_PORT, as
 * the agent reads them, unless `--url`), or with `--centre` the central service's
 * (CENTRAL_HOST and CENTRAL_PORT; its unit's ExecStartPost, docs/deploy.md).
 *
 * - `--ready N`: waits up to N seconds for a 200 (the agent answers and its storage can take
 *   a ticket). The agent unit's ExecStartPost and update.sh use it, so a start or an update
 *   counts only once the agent is healthy (docs/deploy.md, "How the agent is supervised").
 * - `--idle N`: waits up to N seconds while the agent says a resident is at the terminal
 *   (`residentBusy` in its answer, a session or its 好差评), so that update.sh does not restart
 *   the screen under them. Exits 0 once no one is (or the agent does not answer: nobody is
 *   being served), 3 if someone still is after N seconds; update.sh then goes ahead anyway.
 * - without either, the watchdog: exits 1 only if the agent gives no answer at all in three tries
 *   (a hung or dead process, which a restart mends). A 503 is an answer: storage faults are
 *   not mended by restarting, and the centre shows them.
 *
 * No imports from the project: it runs with nothing but Node.
 */
import { parseArgs } from 'node:util';

const TRY_TIMEOUT_MS = 5000;
const WATCHDOG_TRIES = 3;
const WATCHDOG_PAUSE_MS = 5000;

function healthUrl(env: NodeJS.ProcessEnv, centre: boolean): string {
  const host = (centre ? env.CENTRAL_HOST : env.AGENT_HOST)?.trim() || '127.0.0.1';
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const port = (centre ? env.CENTRAL_PORT : env.AGENT_PORT)?.trim() || (centre ? '8080' : '7070');
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/healthz`;
}

/** The status code and body, or the reason there was none. */
async function probe(url: string): Promise<{ status: number; body: string } | { failure: string }> {
  try {
    const reply = await fetch(url, { signal: AbortSignal.timeout(TRY_TIMEOUT_MS) });
    return { status: reply.status, body: await reply.text() };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { failure: cause instanceof Error ? cause.message : 'no answer' };
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(url: string, seconds: number): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  let last = 'no answer yet';
  while (Date.now() < until) {
    const answer = await probe(url);
    if ('status' in answer && answer.status === 200) {
      console.log(`healthy: ${url} answered 200`);
      return true;
    }
    last = 'status' in answer ? `answered ${answer.status}` : answer.failure;
    await pause(1000);
  }
  console.error(`not healthy within ${seconds} s: ${url} ${last}`);
  return false;
}

/** Only a `true` counts: an answer without the field (an older agent) is not in the way. */
function residentBusy(body: string): boolean {
  try {
    return (JSON.parse(body) as { residentBusy?: unknown }).residentBusy === true;
  } catch {
    return false;
  }
}

async function waitIdle(url: string, seconds: number): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  let said = false;
  for (;;) {
    const answer = await probe(url);
    if (!('status' in answer) || !residentBusy(answer.body)) {
      console.log(said ? 'the terminal is free now' : 'no resident is using the terminal');
      return true;
    }
    if (Date.now() >= until) {
      console.error(`a resident is still using the terminal after ${seconds} s`);
      return false;
    }
    if (!said) {
      console.log(
        `a resident is using the terminal: waiting up to ${seconds} s for them to finish`,
      );
      said = true;
    }
    await pause(Math.min(2000, Math.max(0, until - Date.now())));
  }
}

async function alive(url: string): Promise<boolean> {
  let last = '';
  for (let attempt = 1; attempt <= WATCHDOG_TRIES; attempt++) {
    const answer = await probe(url);
    if ('status' in answer) {
      if (answer.status !== 200)
        console.log(`alive but unhealthy: ${url} answered ${answer.status}`);
      return true;
    }
    last = answer.failure;
    if (attempt < WATCHDOG_TRIES) await pause(WATCHDOG_PAUSE_MS);
  }
  console.error(`no answer from ${url} in ${WATCHDOG_TRIES} tries: ${last}`);
  return false;
}

const { values } = parseArgs({
  options: {
    ready: { type: 'string' },
    idle: { type: 'string' },
    url: { type: 'string' },
    centre: { type: 'boolean' },
  },
});
const url = values.url ?? healthUrl(process.env, values.centre === true);
const readySeconds = values.ready === undefined ? undefined : Number(values.ready);
if (readySeconds !== undefined && !(readySeconds > 0)) {
  console.error('--ready takes a number of seconds above 0');
  process.exit(2);
}
if (values.idle !== undefined) {
  const idleSeconds = Number(values.idle);
  if (!(idleSeconds >= 0)) {
    console.error('--idle takes a number of seconds, 0 or more');
    process.exit(2);
  }
  process.exit((await waitIdle(url, idleSeconds)) ? 0 : 3);
}
const healthy = readySeconds === undefined ? await alive(url) : await waitReady(url, readySeconds);
process.exit(healthy ? 0 : 1);

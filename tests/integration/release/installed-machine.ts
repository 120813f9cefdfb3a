/**
 * A terminal or centre machine in a temporary folder, for the release tests: the release's
 * own install.sh and update.sh run with `--root` and a stand-in systemctl that starts the
 * agent or the centre directly, with whichever `node` comes first on PATH (docs/deploy.md).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * systemctl for the tests: starts and stops the agent and the centre as their units would,
 * from `current`, keeps which units are enabled, and logs every call.
 */
export function fakeSystemctl(dir: string, root: string): string {
  const path = join(dir, 'systemctl');
  writeFileSync(
    path,
    `#!/bin/bash
ROOT=${JSON.stringify(root)}
command="$1"; unit="\${@: -1}"
mkdir -p "$ROOT/run/enabled"
echo "$*" >>"$ROOT/systemctl.log"
PIDFILE="$ROOT/run/$unit.pid"
alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
stop() {
  if alive; then
    pid=$(cat "$PIDFILE"); kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PIDFILE"
}
start() {
  (
    set -a
    BIANMIN_CONFIG_DIR="$ROOT/etc/bianmin-kiosk"
    if [ "$unit" = bianmin-centre.service ]; then
      CENTRAL_DATA_DIR="$ROOT/var/lib/bianmin-centre"
      . "$ROOT/etc/bianmin-kiosk/centre.env"
      exec node "$ROOT/opt/bianmin-kiosk/current/lib/centre.mjs" >>"$ROOT/centre.log" 2>&1 </dev/null
    fi
    . "$ROOT/opt/bianmin-kiosk/current/device-agent/runtime.env"
    AGENT_DATA_DIR="$ROOT/var/lib/bianmin-kiosk/agent"
    exec node "$ROOT/opt/bianmin-kiosk/current/lib/agent.mjs" >>"$ROOT/agent.log" 2>&1 </dev/null
  ) &
  echo $! >"$PIDFILE"
}
case "$command" in
  enable) touch "$ROOT/run/enabled/$unit"; exit 0 ;;
  disable) rm -f "$ROOT/run/enabled/$unit" ;;
  is-enabled) [ -e "$ROOT/run/enabled/$unit" ]; exit ;;
esac
case "$unit" in bianmin-agent.service | bianmin-centre.service) ;; *) exit 0 ;; esac
case "$command" in
  start) alive || start ;;
  restart) stop; start ;;
  stop) stop ;;
  disable) if [ "$2" = --now ]; then stop; fi ;;
  is-active) alive ;;
  is-failed) ! alive ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

export interface Machine {
  root: string;
  systemctl: string;
  /** The port of the service it runs (the agent's, or on a centre machine the centre's). */
  port: number;
  env: Record<string, string>;
  /** How long install.sh and update.sh wait for the service to become healthy. */
  healthSeconds?: number;
}

/** install.sh or update.sh of a release, run for a machine in a temporary folder. */
export function runScript(script: string, args: string[], machine: Machine) {
  const result = spawnSync(
    script,
    [
      ...args,
      '--root',
      machine.root,
      '--systemctl',
      machine.systemctl,
      '--no-apt',
      '--no-users',
      '--health-url',
      `http://127.0.0.1:${machine.port}/healthz`,
      '--health-seconds',
      String(machine.healthSeconds ?? 30),
    ],
    { encoding: 'utf8', env: { ...process.env, ...machine.env } },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The ticket's number, over a connection of its own: the agent behind the port changes. */
export function takeTicket(port: number, requestId: string): Promise<string> {
  const body = JSON.stringify({
    requestId,
    serviceId: 'medical-insurance',
    priority: false,
    durationMs: 1000,
  });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `http://127.0.0.1:${port}/api/v1/tickets`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (reply) => {
        let text = '';
        reply.setEncoding('utf8');
        reply.on('data', (chunk: string) => (text += chunk));
        reply.on('end', () => {
          if (reply.statusCode !== 201) reject(new Error(`${reply.statusCode}: ${text}`));
          else resolve((JSON.parse(text) as { ticket: { number: string } }).ticket.number);
        });
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * `npm run centre:admin -- <command>`: creates terminals at a central service, issues their
 * one-time enrolment tokens and revokes them, and creates monitoring accounts, through the
 * centre's administrator API
 * (docs/deploy.md, "Enrolling a terminal"). The centre's address is CENTRAL_URL (default
 * http://127.0.0.1:8080) and the secret is CENTRAL_ADMIN_TOKEN, as the centre was started.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems, loadConfigFile } from '@bianmin/config';
import {
  createCentreAdminClient,
  createMonitoringAccount,
  createTerminalRequest,
  type AdminCallError,
} from '@bianmin/sync/central';
import { ACCOUNT_ROLES, type AccountRole } from '@bianmin/contract';
import type { Result } from '@bianmin/common';

const USAGE = `Usage: npm run centre:admin -- <command> [options]

Commands:
  create-terminal --config <folder>           the terminal as its terminal.json describes it
  create-terminal --id <terminalId> --name <name>
      --community-name <name> --community-code <12 digits> [--community-kind urban|rural]
      --street <name>:<code> --county <name>:<code> --city <name>:<code> --province <name>:<code>
  issue-token <terminalId>                    a new one-time token (earlier unused ones stop working)
  revoke <terminalId>                         refuse the terminal's requests from now on
  show <terminalId>                           its state: awaiting-enrolment, enrolled or revoked
  create-account --user <name> --role viewer|admin --region <code>|nation
      a monitoring account seeing only that region (region code of 2, 4, 6 or 9 digits);
      the password is read from standard input (asked for when it is a terminal)

Options:  --valid-hours <n>   how long a new token stays usable (default: the centre's, 72)
Environment: CENTRAL_URL (default http://127.0.0.1:8080), CENTRAL_ADMIN_TOKEN (required)

The token is printed once; give it to the terminal as AGENT_ENROLMENT_TOKEN or in the file
enrolment-token in its data folder.`;

function fail(message: string): never {
  console.error(`centre:admin: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    'community-name': { type: 'string' },
    'community-code': { type: 'string' },
    'community-kind': { type: 'string', default: 'urban' },
    street: { type: 'string' },
    county: { type: 'string' },
    city: { type: 'string' },
    province: { type: 'string' },
    'valid-hours': { type: 'string' },
    user: { type: 'string' },
    role: { type: 'string', default: 'viewer' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const adminToken =
  process.env.CENTRAL_ADMIN_TOKEN?.trim() ||
  fail('CENTRAL_ADMIN_TOKEN is not set (the secret the centre was started with)');
const centreUrl = process.env.CENTRAL_URL?.trim() || 'http://127.0.0.1:8080';
const admin = createCentreAdminClient({ centreUrl, adminToken });

const validHours = values['valid-hours'] === undefined ? undefined : Number(values['valid-hours']);
if (validHours !== undefined && !(Number.isInteger(validHours) && validHours >= 1)) {
  fail('--valid-hours must be a whole number of hours, at least 1');
}

function unit(option: 'street' | 'county' | 'city' | 'province') {
  const text = values[option];
  const at = text?.lastIndexOf(':') ?? -1;
  if (text === undefined || at <= 0) fail(`--${option} <name>:<code> is required`);
  return { name: text.slice(0, at), code: text.slice(at + 1) };
}

function describeTerminal() {
  if (values.config !== undefined) {
    const loaded = loadConfigFile('terminal', join(values.config, 'terminal.json'));
    if (!loaded.ok) fail(formatProblems(loaded.error));
    return createTerminalRequest(loaded.value, validHours);
  }
  const required = (option: 'id' | 'name' | 'community-name' | 'community-code') =>
    values[option] ?? fail(`--${option} is required (or --config <folder>)`);
  return createTerminalRequest(
    {
      terminalId: required('id'),
      name: required('name'),
      community: {
        name: required('community-name'),
        code: required('community-code'),
        kind: values['community-kind'] ?? 'urban',
      },
      region: {
        street: unit('street'),
        county: unit('county'),
        city: unit('city'),
        province: unit('province'),
      },
    },
    validHours,
  );
}

/** The password from standard input: typed without echo at a terminal, or piped. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('Password (at least 10 characters): ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  let typed = '';
  for await (const chunk of input) {
    for (const c of chunk as string) {
      if (c === '\u0003') process.exit(130);
      if (c === '\r' || c === '\n') {
        input.setRawMode(false);
        input.pause();
        process.stderr.write('\n');
        return typed;
      }
      typed = c === '\u007f' ? typed.slice(0, -1) : typed + c;
    }
  }
  return typed;
}

async function createAccount(): Promise<Result<unknown, AdminCallError>> {
  const user = values.user ?? fail('--user is required');
  const region = values.region ?? fail('--region <code>|nation is required');
  const role = values.role as AccountRole;
  if (!ACCOUNT_ROLES.includes(role)) fail(`--role must be one of ${ACCOUNT_ROLES.join(', ')}`);
  const password = await readPassword();
  return createMonitoringAccount({ centreUrl, adminToken }, { user, role, region, password });
}

async function run(): Promise<Result<unknown, AdminCallError>> {
  const [command, terminalId] = positionals;
  const needId = () => terminalId ?? fail(`${command} needs a terminal id`);
  switch (command) {
    case 'create-terminal':
      return admin.createTerminal(describeTerminal());
    case 'issue-token':
      return admin.issueToken(needId(), validHours);
    case 'revoke':
      return admin.revoke(needId());
    case 'show':
      return admin.get(needId());
    case 'create-account':
      return createAccount();
    default:
      return fail(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
}

const result = await run();
if (!result.ok) {
  const { status, error, message } = result.error;
  console.error(`centre:admin: ${status === 0 ? '' : `HTTP ${status} `}${error}: ${message}`);
  process.exit(1);
}
console.log(JSON.stringify(result.value, null, 2));

import {
  ADMIN_ACCOUNTS_PATH,
  HEARTBEAT_PATH,
  MONITOR_LOGIN_PATH,
  type CreateAccount,
  type HeartbeatBody,
} from '@bianmin/contract';
import type { CentralHarness } from './central-harness.js';

/** What the account helpers need of a centre: any instance, harness or not. */
type CentreAddress = Pick<CentralHarness, 'url' | 'adminToken'>;

/** A terminal of 忻州市 (1409) or 运城市 (1408), in a community numbered `n`. */
export function regionalHeartbeat(
  terminalId: string,
  city: 'xinzhou' | 'yuncheng',
  sentAt: string,
  options: { community?: number; devices?: HeartbeatBody['devices'] } = {},
): HeartbeatBody {
  const [cityName, cityCode, countyName, countyCode] =
    city === 'xinzhou'
      ? ['忻州市', '1409', '忻府区', '140902']
      : ['运城市', '1408', '临猗县', '140821'];
  const street = `${countyCode}001`;
  const community = `${street}${String(options.community ?? 1).padStart(3, '0')}`;
  return {
    terminalId,
    sentAt,
    intervalSeconds: 60,
    outboxPending: 0,
    devices: options.devices ?? { idCardReader: 'ready', printer: 'ready' },
    terminal: {
      name: `${terminalId} 自助终端`,
      community: { name: `第${options.community ?? 1}社区居委会`, code: community, kind: 'urban' },
      region: {
        street: { name: `${countyName}第一街道`, code: street },
        county: { name: countyName, code: countyCode },
        city: { name: cityName, code: cityCode },
        province: { name: '山西省', code: '14' },
      },
    },
  };
}

/** Registers the terminal as the body describes it (first time only), then heartbeats as it. */
export async function sendHeartbeat(harness: CentralHarness, body: HeartbeatBody): Promise<void> {
  if ((await harness.registry.get(body.terminalId)) === undefined) {
    await harness.createTerminal(body.terminalId, { terminal: body.terminal });
  }
  const res = await harness.post(HEARTBEAT_PATH, body);
  if (res.status !== 200) throw new Error(`heartbeat refused: ${res.status} ${await res.text()}`);
}

export const TEST_PASSWORD = 'correct horse battery';

export async function createAccount(
  harness: CentreAddress,
  account: Omit<CreateAccount, 'password'> & { password?: string },
): Promise<Response> {
  return fetch(harness.url + ADMIN_ACCOUNTS_PATH, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${harness.adminToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ password: TEST_PASSWORD, ...account }),
  });
}

/** POSTs as the monitoring app would: JSON, with this centre as the Origin. */
export function postFromApp(
  harness: CentreAddress,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(harness.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: harness.url, ...headers },
    body: JSON.stringify(body),
  });
}

/** Logs in and returns the Cookie header value to send afterwards. */
export async function login(
  harness: CentreAddress,
  user: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const res = await postFromApp(harness, MONITOR_LOGIN_PATH, { user, password });
  if (res.status !== 200) throw new Error(`login refused: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

export function getAs(harness: CentreAddress, cookie: string, path: string): Promise<Response> {
  return fetch(harness.url + path, { headers: { cookie } });
}

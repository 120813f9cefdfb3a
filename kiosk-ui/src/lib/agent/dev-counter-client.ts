import type { DevApi, DevCounterHardware } from '@bianmin/contract';

/** The development panel's calls for the counters' simulated hardware (docs/devices.md). */
export type { DevCounterHardware };
export type CallerKeyPress = DevApi['/dev/caller-key']['body'];

/** The keypad's keys as the panel offers them; digits are typed before the key. */
export const CALLER_KEY_BUTTONS: readonly {
  label: string;
  press: Omit<CallerKeyPress, 'address'>;
}[] = [
  { label: '呼叫下一位', press: { key: 'call-next' } },
  { label: '重呼', press: { key: 'recall' } },
  { label: '过号 (6+确认)', press: { key: 'confirm', digits: [6] } },
  { label: '挂起 (0+确认)', press: { key: 'confirm', digits: [0] } },
  { label: '回呼 (3+确认)', press: { key: 'confirm', digits: [3] } },
  { label: '暂停/恢复', press: { key: 'pause' } },
  { label: '请评价', press: { key: 'ask-rating' } },
];

const BASE = '/api/v1/dev';

async function post<P extends '/caller-key' | '/caller-answering'>(
  path: P,
  body: DevApi[`/dev${P}`]['body'],
): Promise<void> {
  await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const devCounterAgent = {
  state: async (): Promise<DevCounterHardware> =>
    (await fetch(`${BASE}/counter-hardware`, { cache: 'no-store' })).json(),
  press: (press: CallerKeyPress) => post('/caller-key', press),
  /** Transfer: the digits name the counter the ticket goes to. */
  transfer: (address: number, toCounter: number) =>
    post('/caller-key', {
      address,
      key: 'transfer',
      digits: String(toCounter).split('').map(Number),
    }),
  setAnswering: (address: number, answering: boolean) =>
    post('/caller-answering', { address, answering }),
};

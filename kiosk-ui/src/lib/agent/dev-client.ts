import type { DevApi, DevState } from '@bianmin/contract';

/** The development panel's calls; the agent only has these routes on simulated hardware. */
export type { DevState };

const BASE = '/api/v1/dev';

/** Paths under BASE: the contract's dev paths without their '/dev'. */
type Path = { [K in keyof DevApi]: K extends `/dev${infer Rest}` ? Rest : never }[keyof DevApi];

async function post<P extends Path>(path: P, body: DevApi[`/dev${P}`]['body']): Promise<void> {
  await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const devAgent = {
  state: async (): Promise<DevState> =>
    (await fetch(`${BASE}/state`, { cache: 'no-store' })).json(),
  placeCard: (key: string) => post('/id-card', { action: 'place', key }),
  placeCardBadly: () => post('/id-card', { action: 'place-badly' }),
  removeCard: () => post('/id-card', { action: 'remove' }),
  setPrinter: (condition: DevApi['/dev/printer']['body']) => post('/printer', condition),
};

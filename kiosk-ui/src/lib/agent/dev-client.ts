/** The development panel's calls; the agent only has these routes on simulated hardware. */
export interface DevState {
  identities: { key: string; label: string }[];
  card: string;
  printer: { paper: 'ok' | 'near-end' | 'out'; coverOpen: boolean; offline: boolean };
  receipts: { printedAt: string; text: string; svg: string }[];
}

const BASE = '/api/v1/dev';

async function post(path: string, body: unknown): Promise<void> {
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
  setPrinter: (condition: Partial<DevState['printer']>) => post('/printer', condition),
};

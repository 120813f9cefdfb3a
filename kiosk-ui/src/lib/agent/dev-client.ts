import type {
  DevApi,
  DevCableDevice,
  DevCorruption,
  DevState,
  ScannerSymbology,
} from '@bianmin/contract';

/** The development panel's calls; the agent only has these routes on simulated hardware. */
export type { DevCableDevice, DevCorruption, DevState, ScannerSymbology };

/** The corruption switch's choices, every one the contract names. */
export const CORRUPTION_LABELS: Record<DevCorruption, string> = {
  off: '正常',
  'bad-checksum': '校验错误',
  truncated: '截断',
  noise: '帧前噪声',
};

/** The panel's choice of symbology, every one the contract names (a new one fails to compile). */
export const SCANNER_SYMBOLOGY_LABELS: Record<ScannerSymbology, string> = {
  qr: 'QR 码',
  'data-matrix': 'Data Matrix',
  pdf417: 'PDF417',
  aztec: 'Aztec',
  'code-128': 'Code 128',
  'gs1-128': 'GS1-128',
  'ean-13': 'EAN-13',
  'ean-8': 'EAN-8',
  'code-39': 'Code 39',
  itf: 'ITF',
  unknown: '无前缀（未知码制）',
};

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
  /** The simulated scanner sends the code as a real scanner's bytes. */
  scan: (code: DevApi['/dev/scanner']['body']) => post('/scanner', code),
  /** Pulls (false) or puts back (true) a simulated device's cable. */
  setCable: (device: DevCableDevice, plugged: boolean) => post('/cable', { device, plugged }),
  setCorruption: (change: DevApi['/dev/corruption']['body']) => post('/corruption', change),
};

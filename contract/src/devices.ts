import { Type } from 'typebox';
import { closed, oneOf } from './schema.js';

/** ok: working; warning: working but staff should act soon; fault: cannot serve residents. */
export const SEVERITIES = ['ok', 'warning', 'fault'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How the monitoring app and its CSV exports name each severity. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  ok: '正常',
  warning: '警告',
  fault: '故障',
};

export interface StateSpec {
  /** Shown to monitoring staff on the centre's page. */
  readonly label: string;
  readonly severity: Severity;
}

export interface DeviceSpec {
  readonly label: string;
  readonly states: Readonly<Record<string, StateSpec>>;
}

/**
 * The terminal's devices and every state each can report: the one list the heartbeat, the
 * device.status-changed event, the agent's health polling and the centre's presence and
 * labels derive from. 'unknown' (not read yet) counts as a fault so a terminal is never shown
 * online on a guess. Adding a device: see docs/architecture.md, "Devices".
 */
export const DEVICES = {
  printer: {
    label: '打印机',
    states: {
      unknown: { label: '未知', severity: 'fault' },
      ready: { label: '正常', severity: 'ok' },
      'paper-near-end': { label: '纸将用尽', severity: 'warning' },
      'no-paper': { label: '缺纸', severity: 'fault' },
      'cover-open': { label: '纸仓盖打开', severity: 'fault' },
      offline: { label: '未连接', severity: 'fault' },
      error: { label: '故障', severity: 'fault' },
    },
  },
  storage: {
    // The terminal's own database: when it cannot be written, no ticket can be issued.
    label: '存储',
    states: {
      unknown: { label: '未知', severity: 'fault' },
      ready: { label: '正常', severity: 'ok' },
      'space-low': { label: '剩余空间不足', severity: 'warning' },
      'disk-full': { label: '磁盘已满', severity: 'fault' },
      'read-only': { label: '只读', severity: 'fault' },
      corrupt: { label: '数据库损坏', severity: 'fault' },
      error: { label: '故障', severity: 'fault' },
    },
  },
  idCardReader: {
    label: '读卡器',
    states: {
      unknown: { label: '未知', severity: 'fault' },
      ready: { label: '正常', severity: 'ok' },
      'reader-offline': { label: '未连接', severity: 'fault' },
      'reader-fault': { label: '故障', severity: 'fault' },
      'frame-invalid': { label: '通信出错', severity: 'fault' },
    },
  },
  scanner: {
    // Optional, and never a fault: a resident whose code cannot be scanned can still be served
    // (by ID card or by staff typing the code), so a broken scanner must not take the
    // terminal out of service at the centre. For the same reason not yet knowing its state
    // is no worse than knowing it broken.
    label: '扫码器',
    states: {
      unknown: { label: '未知', severity: 'warning' },
      ready: { label: '正常', severity: 'ok' },
      offline: { label: '未连接', severity: 'warning' },
      error: { label: '故障', severity: 'warning' },
    },
  },
  counterCallers: {
    // The counters' caller keypads (呼叫器) on their RS-485 bus: optional, and never a fault,
    // since residents still get tickets and staff can call from the counter console.
    label: '呼叫器',
    states: {
      unknown: { label: '未知', severity: 'warning' },
      ready: { label: '正常', severity: 'ok' },
      'caller-silent': { label: '呼叫器无应答', severity: 'warning' },
      offline: { label: '未连接', severity: 'warning' },
      error: { label: '故障', severity: 'warning' },
    },
  },
  counterDisplays: {
    // The LED displays above the counters (窗口屏): optional, and a warning for the same reason.
    label: '窗口屏',
    states: {
      unknown: { label: '未知', severity: 'warning' },
      ready: { label: '正常', severity: 'ok' },
      offline: { label: '未连接', severity: 'warning' },
      error: { label: '故障', severity: 'warning' },
    },
  },
} as const satisfies Record<string, DeviceSpec>;

export type DeviceId = keyof typeof DEVICES;
export type StateOf<D extends DeviceId> = keyof (typeof DEVICES)[D]['states'] & string;
/** Any state of any device. */
export type DeviceState = { [D in DeviceId]: StateOf<D> }[DeviceId];

/** Registry order: the order devices are polled and listed in. */
export const DEVICE_IDS = Object.keys(DEVICES) as DeviceId[];

export function statesOf<D extends DeviceId>(device: D): StateOf<D>[] {
  return Object.keys(DEVICES[device].states) as StateOf<D>[];
}

/**
 * The spec of a state as stored data says it: undefined for a state this registry does not
 * know (e.g. recorded by an older centre), so a caller can fall back instead of crashing.
 */
export function stateSpec(device: DeviceId, state: string | undefined): StateSpec | undefined {
  const states: Readonly<Record<string, StateSpec>> = DEVICES[device].states;
  return state !== undefined && Object.hasOwn(states, state) ? states[state] : undefined;
}

export function stateSchema<D extends DeviceId>(device: D) {
  return oneOf(statesOf(device));
}

/** Each device's current state, as the agent tracks it. */
export type DeviceStates = { [D in DeviceId]: StateOf<D> };

/**
 * The states a heartbeat reports. Every key is optional: a terminal reports the devices it
 * has, so one running an older release (which did not know a device added since) or without
 * an optional device is judged on what it reports, not shown faulty for what it cannot know.
 */
export type ReportedDeviceStates = Partial<DeviceStates>;

export const DeviceStatesSchema = Type.Unsafe<ReportedDeviceStates>({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(DEVICE_IDS.map((d) => [d, stateSchema(d)])),
});

/** One device's state change; a union so `device` narrows `state`. */
export type DeviceStatus = { [D in DeviceId]: { device: D; state: StateOf<D> } }[DeviceId];

const ALL_STATES = [...new Set(DEVICE_IDS.flatMap((d) => statesOf(d)))];

export const DeviceStatusSchema = Type.Unsafe<DeviceStatus>({
  ...closed({ device: oneOf(DEVICE_IDS), state: oneOf(ALL_STATES) }),
  // if/then per device keeps ajv's first error on `state` itself, naming that device's states.
  allOf: DEVICE_IDS.map((device) => ({
    if: { properties: { device: { const: device } }, required: ['device'] },
    then: { properties: { state: stateSchema(device) } },
  })),
});

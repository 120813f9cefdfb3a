import { statfs } from 'node:fs/promises';
import { formatLocalDateTime, SOFTWARE_VERSION } from '@bianmin/common';
import type { DevicesConfig, TerminalConfig } from '@bianmin/config';
import {
  DEVICES,
  stateSpec,
  type DeviceId,
  type ReadinessEvent,
  type ReadinessReport,
  type ReportedDeviceStates,
} from '@bianmin/contract';
import { EscPosBuilder } from '../printer/index.js';
import { describeConnection } from './connections.js';

export interface DeviceProblem {
  state: string;
  at: string;
}

/** The last fault or warning per device since the agent started: "last error" in the report. */
export function createDeviceProblems(now: () => Date) {
  const last: Partial<Record<DeviceId, DeviceProblem>> = {};
  return {
    note(change: { device: DeviceId; state: string }): void {
      const severity = stateSpec(change.device, change.state)?.severity;
      if (severity !== 'ok' && change.state !== 'unknown') {
        last[change.device] = { state: change.state, at: now().toISOString() };
      }
    },
    of: (device: DeviceId): DeviceProblem | undefined => last[device],
  };
}
type DeviceProblems = ReturnType<typeof createDeviceProblems>;

export interface ReadinessDeps {
  terminal: TerminalConfig;
  devices: DevicesConfig;
  dataDir: string;
  centreUrl: string;
  deviceStates: () => ReportedDeviceStates;
  problems: DeviceProblems;
  /** The reader's module id, or null when it does not answer. */
  readerModel: () => Promise<string | null>;
  /** Sends a heartbeat now: whether the centre answered, in words. */
  checkCentre: () => Promise<{ reachable: boolean; message: string }>;
  lastHeartbeatOkAt: () => string | null;
  clockOffsetMs: () => number | null;
  outboxPending: () => number;
  now: () => Date;
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** [1,2,3,4,5] -> 周一至周五; [1,3] -> 周一、周三. */
function daysText(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const consecutive = sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
  if (consecutive && sorted.length > 2)
    return `${WEEKDAYS[sorted[0] ?? 0]}至${WEEKDAYS[sorted.at(-1) ?? 0]}`;
  return sorted.map((d) => WEEKDAYS[d]).join('、');
}

async function diskOf(path: string): Promise<ReadinessReport['disk']> {
  try {
    const s = await statfs(path);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** 自检报告: gathered now, the centre asked afresh (docs/technician.md). */
export async function assembleReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const { terminal } = deps;
  const [centre, model, disk] = await Promise.all([
    deps.checkCentre(),
    deps.readerModel(),
    diskOf(deps.dataDir),
  ]);
  const states = deps.deviceStates();
  const devices = (Object.keys(states) as DeviceId[]).map((device) => {
    const state = states[device] ?? 'unknown';
    const problem = deps.problems.of(device);
    const settings = device === 'storage' ? undefined : deps.devices[device as 'printer'];
    return {
      device,
      label: DEVICES[device].label,
      model: device === 'idCardReader' ? model : null,
      connection: device === 'storage' ? deps.dataDir : describeConnection(settings),
      state,
      stateLabel: stateSpec(device, state)?.label ?? state,
      lastProblem: problem
        ? { stateLabel: stateSpec(device, problem.state)?.label ?? problem.state, at: problem.at }
        : null,
    };
  });
  const { region } = terminal;
  return {
    generatedAt: deps.now().toISOString(),
    terminal: {
      id: terminal.terminalId,
      name: terminal.name,
      community: terminal.community.name,
      region: [region.province, region.city, region.county, region.street]
        .map((u) => u.name)
        .join(' '),
    },
    softwareVersion: SOFTWARE_VERSION,
    devices,
    centre: {
      url: deps.centreUrl,
      reachable: centre.reachable,
      message: centre.message,
      lastHeartbeatOkAt: deps.lastHeartbeatOkAt(),
    },
    clockOffsetMs: deps.clockOffsetMs(),
    disk,
    outboxPending: deps.outboxPending(),
    serviceHours: terminal.serviceHours.map((w) => `${daysText(w.days)} ${w.open}-${w.close}`),
  };
}

/** What the centre gets of the report: states and figures, no ports, paths or addresses. */
export function readinessEvent(report: ReadinessReport): ReadinessEvent {
  return {
    softwareVersion: report.softwareVersion,
    devices: report.devices.map(({ device, state, model }) => ({ device, state, model })),
    centreReachable: report.centre.reachable,
    clockOffsetMs: report.clockOffsetMs,
    diskFreeBytes: report.disk?.freeBytes ?? null,
    outboxPending: report.outboxPending,
  };
}

const MIB = 1024 * 1024;

function clockOffsetText(offsetMs: number | null): string {
  if (offsetMs === null) return '未知（还没有收到中心的应答）';
  const seconds = Math.round(offsetMs / 1000);
  if (Math.abs(seconds) <= 2) return '与中心一致';
  return seconds > 0 ? `比中心慢 ${seconds} 秒` : `比中心快 ${-seconds} 秒`;
}

/** The report's lines, as on screen: one layout for paper and for tests to read back. */
function readinessLines(report: ReadinessReport, timeZone: string): string[] {
  const lines = [
    `终端编号 ${report.terminal.id}`,
    report.terminal.name,
    report.terminal.community,
    report.terminal.region,
    `软件版本 ${report.softwareVersion}`,
    `时间 ${formatLocalDateTime(new Date(report.generatedAt), timeZone, 'minute')}`,
    '--- 设备 ---',
  ];
  for (const d of report.devices) {
    lines.push(`${d.label}：${d.stateLabel}`);
    lines.push(`  ${d.connection}`);
    if (d.model) lines.push(`  型号 ${d.model}`);
    if (d.lastProblem) {
      lines.push(
        `  最近故障 ${d.lastProblem.stateLabel} ${formatLocalDateTime(new Date(d.lastProblem.at), timeZone, 'minute')}`,
      );
    }
  }
  lines.push('--- 网络 ---');
  lines.push(report.centre.reachable ? '中心：可以连通' : `中心：连不上`);
  lines.push(`时钟：${clockOffsetText(report.clockOffsetMs)}`);
  lines.push('--- 本机 ---');
  lines.push(
    report.disk
      ? `磁盘剩余 ${Math.floor(report.disk.freeBytes / MIB)} MB / 共 ${Math.floor(report.disk.totalBytes / MIB)} MB`
      : '磁盘：读不出',
  );
  lines.push(`待上传事件 ${report.outboxPending} 条`);
  lines.push('--- 服务时间 ---');
  lines.push(...report.serviceHours);
  return lines;
}

/** The report on the receipt printer. Its text holds nothing personal: nothing here is. */
export function layoutReadiness(report: ReadinessReport, timeZone: string): Uint8Array {
  const b = new EscPosBuilder().init().chineseMode(true).align('center');
  b.bold(true).size(2, 2).line('自检报告').size(1, 1).bold(false).feed(1).align('left');
  for (const line of readinessLines(report, timeZone)) b.line(line);
  return b.feed(2).cut('feed-partial', 24).build();
}

/** A short test slip: what a technician checks print quality and cutting with. */
export function layoutTestSlip(terminalName: string, at: Date, timeZone: string): Uint8Array {
  return new EscPosBuilder()
    .init()
    .chineseMode(true)
    .align('center')
    .bold(true)
    .size(2, 2)
    .line('打印测试')
    .size(1, 1)
    .bold(false)
    .line(terminalName)
    .line(formatLocalDateTime(at, timeZone, 'minute'))
    .line('中文 ABC 0123456789')
    .feed(2)
    .cut('feed-partial', 24)
    .build();
}

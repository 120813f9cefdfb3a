import type { Presence } from '@bianmin/contract';

export const PRESENCE_LABELS: Record<Presence, string> = {
  online: '在线',
  degraded: '设备故障',
  offline: '离线',
  unknown: '未知',
  closed: '非服务时间',
};
export const PRESENCE_ORDER: Presence[] = ['online', 'degraded', 'offline', 'closed', 'unknown'];

export const LEVEL_LABELS = {
  province: '省',
  city: '市',
  county: '区县',
  street: '街道',
  community: '社区',
} as const;

const time = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatTime(iso: string | null): string {
  return iso === null ? '—' : time.format(new Date(iso));
}

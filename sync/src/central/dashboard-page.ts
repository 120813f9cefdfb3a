import { DEVICES, DEVICE_IDS, stateSpec } from '@bianmin/contract';
import { escapeHtml as h } from './escape-html.js';
import { formatLocalDateTime } from '@bianmin/common';
import type { Presence, TerminalOverview } from '@bianmin/contract';

const DASHBOARD_TITLE = '便民自助终端 · 监测中心';
const REFRESH_SECONDS = 10;

/** Text plus a shape, so presence never depends on colour alone. */
const PRESENCE_LABELS: Record<Presence, { mark: string; text: string }> = {
  online: { mark: '●', text: '在线' },
  degraded: { mark: '▲', text: '异常' },
  offline: { mark: '■', text: '离线' },
  unknown: { mark: '?', text: '未知' },
  closed: { mark: '○', text: '非服务时间' },
};

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1a1a1a; background: #f5f6f8; }
  header { background: #0b3d6e; color: #fff; padding: 16px 24px; }
  h1 { margin: 0; font-size: 1.5rem; }
  header p { margin: 4px 0 0; }
  main { padding: 16px 24px 32px; }
  .summary { display: flex; flex-wrap: wrap; gap: 8px 24px; list-style: none; margin: 0 0 16px; padding: 0; font-size: 1.05rem; }
  .summary strong { font-size: 1.25rem; }
  .table-wrap { overflow-x: auto; background: #fff; border: 1px solid #c8ccd2; border-radius: 6px; }
  table { border-collapse: collapse; width: 100%; min-width: 900px; }
  caption { text-align: left; padding: 12px 16px; font-weight: 600; font-size: 1.1rem; }
  th, td { text-align: left; vertical-align: top; padding: 10px 16px; border-top: 1px solid #dfe2e6; }
  thead th { background: #eef1f5; font-weight: 600; }
  tbody th { font-weight: 600; }
  .sub { display: block; color: #4a4f57; font-size: 0.875rem; font-weight: 400; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  .presence { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; white-space: nowrap; }
  .presence-online { color: #0b5a24; background: #e3f3e8; }
  .presence-degraded { color: #7a3e00; background: #fff1dc; }
  .presence-offline { color: #a1140f; background: #fdeaea; }
  .presence-unknown { color: #3d3d3d; background: #ececec; }
  .presence-closed { color: #2c3e66; background: #e6ebf5; }
  ul.services { margin: 0; padding: 0; list-style: none; }
  .empty { color: #4a4f57; }
`;

/** The monitoring page: a plain server-rendered table, readable without any script. */
export function renderDashboardPage(
  terminals: readonly TerminalOverview[],
  now: Date,
  timeZone: string,
): string {
  const count = (p: Presence) => terminals.filter((t) => t.presence === p).length;
  const ticketsToday = terminals.reduce((sum, t) => sum + t.today.total, 0);
  const rows =
    terminals.length === 0
      ? '<tr><td colspan="7" class="empty">暂无终端数据：终端发送第一次心跳后显示在这里。</td></tr>'
      : terminals.map((t) => renderRow(t, now, timeZone)).join('\n');

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>${DASHBOARD_TITLE}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${DASHBOARD_TITLE}</h1>
<p>更新于 ${h(formatLocalDateTime(now, timeZone))}（每 ${REFRESH_SECONDS} 秒自动刷新）</p>
</header>
<main>
<ul class="summary" aria-label="概况">
<li>终端 <strong>${terminals.length}</strong> 台</li>
<li>在线 <strong>${count('online')}</strong></li>
<li>异常 <strong>${count('degraded')}</strong></li>
<li>离线 <strong>${count('offline')}</strong></li>
<li>未知 <strong>${count('unknown')}</strong></li>
<li>非服务时间 <strong>${count('closed')}</strong></li>
<li>今日取号 <strong>${ticketsToday}</strong></li>
</ul>
<div class="table-wrap">
<table>
<caption>终端状态与今日取号（日期按 ${h(timeZone)} 当地时间）</caption>
<thead>
<tr>
<th scope="col">终端</th>
<th scope="col">社区</th>
<th scope="col">街道 / 区县 / 城市</th>
<th scope="col">状态</th>
<th scope="col">最后在线</th>
<th scope="col">今日取号（按事项）</th>
<th scope="col" class="num">今日合计</th>
</tr>
</thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</main>
</body>
</html>
`;
}

function renderRow(t: TerminalOverview, now: Date, timeZone: string): string {
  const label = PRESENCE_LABELS[t.presence];
  const community = t.community
    ? `${h(t.community.name)}<span class="sub">${h(t.community.code)}</span>`
    : '<span class="empty">—</span>';
  const region = t.region
    ? h([t.region.street.name, t.region.county.name, t.region.city.name].join(' / '))
    : '<span class="empty">—</span>';
  const lastSeen = t.lastSeenAt
    ? `${h(formatLocalDateTime(new Date(t.lastSeenAt), timeZone))}<span class="sub">${h(ago(t.lastSeenAt, now))}</span>`
    : '<span class="empty">从未</span>';
  const services =
    t.today.ticketsByService.length === 0
      ? '<span class="empty">暂无</span>'
      : `<ul class="services">${t.today.ticketsByService
          .map((s) => `<li>${h(s.serviceName)}：<strong>${s.count}</strong></li>`)
          .join('')}</ul>`;
  return `<tr>
<th scope="row">${h(t.name ?? t.terminalId)}<span class="sub">${h(t.terminalId)}</span></th>
<td>${community}</td>
<td>${region}</td>
<td><span class="presence presence-${t.presence}">${label.mark} ${label.text}</span>${details(t)}</td>
<td>${lastSeen}</td>
<td>${services}</td>
<td class="num">${t.today.total}</td>
</tr>`;
}

/** Why a terminal is degraded, and any upload backlog, as plain text under the badge. */
function details(t: TerminalOverview): string {
  const lines: string[] = [];
  if (t.devices && t.presence !== 'offline') {
    for (const device of DEVICE_IDS) {
      // A device the terminal does not report (older release, not fitted) is not judged.
      const state = t.devices[device];
      if (state === undefined) continue;
      const spec = stateSpec(device, state);
      // A state this centre's registry does not know is shown as sent, never hidden.
      if (spec?.severity !== 'ok') lines.push(`${DEVICES[device].label}：${spec?.label ?? state}`);
    }
  }
  if (t.outboxPending) lines.push(`待上传 ${t.outboxPending} 条`);
  return lines.map((line) => `<span class="sub">${h(line)}</span>`).join('');
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} 小时前`;
  return `${Math.floor(seconds / 86_400)} 天前`;
}

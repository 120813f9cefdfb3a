import type { TechnicianAuditCode, TechnicianAuditEntry } from '@bianmin/contract';

/**
 * The audit log's entries in words (docs/technician.md, "What is logged"). An action this
 * table does not know is shown as the agent wrote it; so is an outcome written by an older
 * agent, still in the database, that this one no longer writes.
 */
const ACTIONS: Record<string, string> = {
  'sign-in': '进入维护模式',
  'sign-out': '退出维护模式',
  request: '被拒绝的请求',
  'list-ports': '查看端口',
  probe: '检测设备',
  save: '保存设备设置',
  undo: '撤销上次保存',
  'test-read': '试读身份证',
  'test-print': '打印测试页',
  'readiness-view': '查看自检报告',
  'readiness-print': '打印自检报告',
  'readiness-send': '发送自检报告',
  enrol: '终端登记',
  'audit-view': '查看操作记录',
};

// Keyed by the contract's list: an outcome the agent gains does not compile without its words.
const OUTCOMES: Record<TechnicianAuditCode, string> = {
  'signed-in': '成功',
  'wrong-pin': 'PIN 错误',
  'unknown-card': '未登记的卡',
  locked: '锁定中，被拒绝',
  'mode-off': '维护模式未开启',
  'no-cards': '没有登记技术员卡',
  'no-card': '没有读到卡',
  unreadable: '卡读不出来',
  'reader-busy': '读卡器正在为居民读卡',
  'reader-offline': '读卡器没有应答',
  cancelled: '已取消',
  exit: '主动退出',
  idle: '超时自动退出',
  replaced: '被新的登录结束',
  'refused-401': '未登录',
  'refused-403': '权限不够',
  answered: '有应答',
  'no-answer': '没有应答',
  read: '读卡成功',
  'card-unreadable': '卡读不出来',
  'reader-fault': '读卡器故障',
  'link-error': '读卡器通信出错（线缆或波特率）',
  'frame-invalid': '读卡器应答不完整',
  'card-data-invalid': '卡内信息无法识别',
  'saved-applied': '已保存，已生效',
  'saved-for-restart': '已保存，重启后生效',
  'refused-no-answer': '没有保存：设备没有应答',
  'refused-invalid': '没有保存：设置不正确',
  'restored-applied': '已恢复，已生效',
  'restored-for-restart': '已恢复，重启后生效',
  refused: '被拒绝',
  printed: '已打印',
  'not-printed': '没有打印',
  shown: '已查看',
  'not-shown': '没有显示：存储读不出',
  queued: '已交给上传队列',
  'not-queued': '没有交给上传队列',
  enrolled: '登记成功',
};

const PORTS_LISTED = /^(\d+) serial, (\d+) hid$/;

function outcomeText(outcome: string): string {
  if (Object.hasOwn(OUTCOMES, outcome)) return OUTCOMES[outcome as TechnicianAuditCode];
  const ports = PORTS_LISTED.exec(outcome);
  if (ports) return `串口 ${ports[1]} 个，HID 设备 ${ports[2]} 个`;
  return outcome;
}

const SUBJECTS: Record<string, string> = {
  pin: '用 PIN',
  card: '刷卡',
  idCardReader: '读卡器',
  printer: '打印机',
  scanner: '扫码器',
};

export function describeEntry(entry: TechnicianAuditEntry): {
  who: string;
  what: string;
  outcome: string;
} {
  const subject = entry.subject === null ? '' : `（${SUBJECTS[entry.subject] ?? entry.subject}）`;
  return {
    who: entry.account === 'unknown' ? '未登录' : entry.account,
    what: `${ACTIONS[entry.action] ?? entry.action}${subject}`,
    outcome: outcomeText(entry.outcome),
  };
}

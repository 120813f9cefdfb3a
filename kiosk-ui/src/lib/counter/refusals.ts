/** Why the agent refused, in the words counter staff read (docs/counter.md). */
const REFUSALS: Record<string, string> = {
  unreachable: '连不上本机的设备服务，请检查网络后再试。',
  'not-signed-in': '登录已失效，请重新输入密码登录。',
  'other-counter': '这台电脑已登录另一个窗口，请先退出登录。',
  'not-local-network': '这台电脑不在叫号网络内，不能操作。请技术人员检查设置。',
  'unknown-counter': '没有这个窗口。',
  'no-pin': '这个窗口还没有设置密码，请技术人员设置。',
  'wrong-pin': '密码不对，请重新输入。',
  'trivial-pin': '这个窗口的密码还是示例密码，不能使用。请技术人员设置新密码。',
  'locked-out': '密码错误次数太多，窗口已暂时锁定。',
  'counter-paused': '本窗口已暂停叫号，请先按“恢复叫号”。',
  'no-current-ticket': '本窗口现在没有号，请先叫号。',
  'wrong-state': '当前的号不能这样操作（例如办理中不能重呼，或转到原业务）。',
  'counter-busy': '请先办结或暂挂当前的号，再回呼。',
  'unknown-ticket': '没有这个暂挂的号，可能已被其他窗口回呼。',
  'not-served-here': '这个号的业务不在本窗口办理。',
  'unknown-service': '没有这个业务队列。',
  'staff-call-gone': '这个求助已由其他窗口接下，或已过时。',
  'ticket-changed':
    '本窗口的当前号已经变了（叫号器或另一台电脑已操作），刚才的操作没有执行。请看清当前的号再操作。',
};

export function refusalText(error: string, retryAfterSeconds: number | null = null): string {
  const text = REFUSALS[error] ?? `操作没有成功（${error}），请再试一次或联系技术人员。`;
  return retryAfterSeconds === null ? text : `${text}请 ${retryAfterSeconds} 秒后再试。`;
}

/**
 * A press refused because the counter had moved on to another ticket, or a transfer picker closed
 * for it: what is at the counter now, as the console's refresh after it shows.
 */
export function ticketChangedText(current: string | null, what = '刚才的操作没有执行'): string {
  const now = current === null ? '本窗口现在没有号' : `本窗口的当前号已变为 ${current}`;
  return `${now}（叫号器或另一台电脑已操作），${what}。请看清当前的号再操作。`;
}

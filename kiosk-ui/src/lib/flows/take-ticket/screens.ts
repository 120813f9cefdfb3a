import type { IssuedTicket, PrintOutcome } from '../../agent/types.js';
import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';

/**
 * The screens of this flow, one per resting state: which screen, which step and what read-aloud
 * says (docs/architecture.md, "Flows and screens"). The machine's entry actions pass the same object, so
 * what is announced is what the screen's meta says.
 */
export const SCREENS = {
  home: { screen: 'home', speech: '便民自助服务。取号请按排队取号。' },
  outOfService: {
    screen: 'out-of-service',
    speech: '自助终端暂停服务，请到服务窗口办理，或呼叫工作人员。',
  },
  chooseService: {
    screen: 'choose-service',
    step: { step: 1, of: 3 },
    speech: '请选择要办理的业务。',
  },
  identify: {
    screen: 'identify',
    step: { step: 2, of: 3 },
    speech: '请将身份证放在读卡区，或按输入身份证号码。没有带身份证，可以按跳过。',
  },
  // Never speaks the digits: only what to do, and (by the machine) what is wrong.
  enterIdNumber: {
    screen: 'enter-id-number',
    step: { step: 2, of: 3 },
    speech: '请用屏幕上的数字键输入 18 位身份证号码，最后一位可能是 X。号码不会读出来。',
  },
  askPriority: {
    screen: 'ask-priority',
    step: { step: 3, of: 3 },
    speech: '您需要绿色通道优先办理吗？',
  },
  idleWarning: IDLE_WARNING_SCREEN,
  issuing: { screen: 'issuing' },
  issueFailed: { screen: 'issue-failed', speech: '暂时无法取号，请再试一次或呼叫工作人员。' },
  // Announced with the ticket number itself (announceTicket).
  ticketShown: { screen: 'ticket-shown' },
  // The ticket is issued but its slip did not print: the number stays on screen.
  slipNotPrinted: { screen: 'slip-not-printed' },
  reprinting: { screen: 'reprinting', speech: '正在重新打印凭条，请稍候。' },
} as const satisfies Record<string, ScreenMeta<string>>;

export type TakeTicketScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type TakeTicketMeta = ScreenMeta<TakeTicketScreen>;

/** What read-aloud says about an issued ticket (numbers only, never personal data). */
export function ticketAnnouncement(ticket: IssuedTicket, print: PrintOutcome | null): string {
  const slip = print?.ok === false ? '凭条暂时无法打印，请记住您的号码。' : '请取走凭条。';
  return `取号成功。您的号码是 ${ticket.number}，前面还有 ${ticket.waitingAhead} 人等候。${slip}`;
}

/** Said when the printer is back while a resident waits for their slip. */
export const PRINTER_BACK = '打印机已恢复，可以按重新打印。';

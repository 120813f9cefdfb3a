import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';

/**
 * The apply flow's screens (docs/flows.md, "Apply"): identify, one question per screen,
 * check your answers, and the confirmation. The step indicator of the numbered screens is
 * drawn from the context (./views.ts, applyStep): how many questions a resident is asked
 * depends on how they identified.
 */
export const SCREENS = {
  identify: {
    screen: 'apply-identify',
    speech: '请将身份证放在读卡区，或按输入身份证号码。身份证上的姓名和号码不用再填写。',
  },
  // Never speaks the digits: only what to do, and (by the machine) what is wrong.
  enterIdNumber: {
    screen: 'apply-id-number',
    speech: '请用屏幕上的数字键输入 18 位身份证号码，最后一位可能是 X。号码不会读出来。',
  },
  // Announced with the question itself (announceQuestion).
  question: { screen: 'apply-question', speech: '请回答这个问题，然后按下一步。' },
  check: {
    screen: 'apply-check',
    speech: '请核对您的回答。要修改哪一项，请按那一项旁边的修改。核对无误，请按提交申请。',
  },
  submitting: { screen: 'apply-submitting', speech: '正在提交申请，请稍候。' },
  submitFailed: {
    screen: 'apply-submit-failed',
    speech: '申请没有提交成功，您的回答还在。请再试一次，或呼叫工作人员。',
  },
  // Announced with the reference number and where the application went (announceReceipt).
  submitted: { screen: 'apply-submitted' },
  printing: { screen: 'apply-printing', speech: '正在打印凭条，请稍候。' },
  idleWarning: IDLE_WARNING_SCREEN,
} as const satisfies Record<string, ScreenMeta<string>>;

export type ApplyScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type ApplyMeta = ScreenMeta<ApplyScreen>;

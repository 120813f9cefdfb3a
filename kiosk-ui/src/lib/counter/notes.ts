import type { CallReply, HallSnapshot } from '@bianmin/contract';
import { ticketLabelIn } from './names';

/** The console's line on what the last press did. */
export type ConsoleNote = { kind: 'done' | 'ignored' | 'refused'; text: string };

/** Says what a call did; an ignored one plainly, since staff may think it failed. */
export function callNote(hall: HallSnapshot | null, reply: CallReply, what: string): ConsoleNote {
  if (reply.ignored) {
    const still = reply.ticket ? `当前仍是 ${ticketLabelIn(hall, reply.ticket)}` : '没有叫到新号';
    return { kind: 'ignored', text: `已忽略：刚刚已叫过号，防止重复叫号。${still}。` };
  }
  if (reply.noShow && reply.ticket) {
    return {
      kind: 'done',
      text: `${reply.ticket.number} 多次重呼未到，已记为过号。请按“下一位”。`,
    };
  }
  if (!reply.ticket) return { kind: 'done', text: '现在没有人等候。' };
  return { kind: 'done', text: `${what} ${ticketLabelIn(hall, reply.ticket)}。` };
}

/** What an action on the current ticket did, by the ticket's number. */
export const TICKET_DONE = {
  start: (number: string) => `开始办理 ${number}。`,
  done: (number: string) => `${number} 已办结。`,
  'no-show': (number: string) => `${number} 已记为过号。`,
  hold: (number: string) => `${number} 已暂挂，居民回来后在“暂挂的号”中回呼。`,
  'ask-rating': (number: string) => `已请 ${number} 的居民评价本次服务。`,
} as const;

import type { CardHolderSummary } from '@bianmin/contract';
import { PRIORITY_AGE } from '@bianmin/contract/id-number';
import { ageOn, type IdCardHolder } from '../id-card/index.js';

/** 王秀英 -> 王*英, 李明 -> 李*, JOHN SMITH -> J*H. */
function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars.at(-1)}`;
}

export function summariseHolder(
  holder: IdCardHolder,
  today: Date,
  timeZone: string,
): CardHolderSummary {
  return {
    maskedName: maskName(holder.name),
    priorityByAge: ageOn(holder.birthDate, today, timeZone) >= PRIORITY_AGE,
  };
}

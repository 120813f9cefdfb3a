import { ageOn, type IdCardHolder } from '../id-card/index.js';

/**
 * What the kiosk may know of a card holder: a masked name to greet them with and the age
 * for the priority rule. Nothing else from the card leaves the agent.
 */
export interface CardHolderSummary {
  maskedName: string;
  age: number;
}

/** 王秀英 -> 王*英, 李明 -> 李*, JOHN SMITH -> J*H. */
export function maskName(name: string): string {
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
  return { maskedName: maskName(holder.name), age: ageOn(holder.birthDate, today, timeZone) };
}

import { Type, type Static } from 'typebox';
import { IsoTime, Token, closed, oneOf } from '../schema.js';

/**
 * 突发事件预警 levels, from least to most severe, as the national early-warning signals
 * name them (蓝色, 黄色, 橙色, 红色).
 */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/**
 * An emergency warning (突发事件预警) the centre publishes to a region's terminals. It
 * names no one: it is public information, shown on every home screen of the region and read
 * aloud until `expiresAt`.
 */
export const EmergencyWarningSchema = closed({
  id: Token,
  level: oneOf(WARNING_LEVELS),
  /** Shown large: "暴雨红色预警". */
  title: Type.String({ minLength: 1, maxLength: 30 }),
  /** What residents should do, in plain words; also what is read aloud. */
  text: Type.String({ minLength: 1, maxLength: 300 }),
  issuedAt: IsoTime,
  expiresAt: IsoTime,
});
export type EmergencyWarning = Static<typeof EmergencyWarningSchema>;

/** A notice for the home screen (公告): lower key than a warning, never read aloud by itself. */
export const AnnouncementSchema = closed({
  id: Token,
  text: Type.String({ minLength: 1, maxLength: 200 }),
  startsAt: IsoTime,
  expiresAt: IsoTime,
});
export type Announcement = Static<typeof AnnouncementSchema>;

export type LogEventType = 'system' | 'device' | 'resident-session' | 'queue' | 'sync' | 'central';

/** One log event: its type, its level and what it means (docs/log-events.md's row). */
export interface LogEventSpec {
  readonly type: LogEventType;
  readonly level: 'info' | 'warn' | 'error';
  readonly meaning: string;
}

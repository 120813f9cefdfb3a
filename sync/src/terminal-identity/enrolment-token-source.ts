import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A file an installer may drop into the agent's data folder instead of setting a variable. */
export const ENROLMENT_TOKEN_FILE = 'enrolment-token';

/** The token from AGENT_ENROLMENT_TOKEN, else from `<dataDir>/enrolment-token`, if any. */
export function readEnrolmentToken(dataDir: string, fromEnvironment?: string): string | undefined {
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  try {
    const text = readFileSync(join(dataDir, ENROLMENT_TOKEN_FILE), 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

/** A used token is worthless; removing its file keeps the folder honest. */
export function discardEnrolmentTokenFile(dataDir: string): void {
  try {
    rmSync(join(dataDir, ENROLMENT_TOKEN_FILE), { force: true });
  } catch {
    // Harmless: a used token enrols nothing, and this key was made for it.
  }
}

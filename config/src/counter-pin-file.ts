import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { err, ok, type Result } from '@bianmin/common';
import { PIN_PATTERN, hashCounterPin, isTrivialPin } from './counter-pin.js';
import { loadConfigFile } from './load.js';
import { formatProblems } from './problems.js';

/**
 * Writes a new PIN's hash into the counter's entry in services.json, replacing the file
 * whole (a temporary file renamed over it), after checking the file is valid before and after.
 */
export async function writeCounterPin(
  servicesPath: string,
  counter: number,
  pin: string,
): Promise<Result<void, string>> {
  if (!PIN_PATTERN.test(pin)) return err('A PIN is 4 to 8 digits.');
  if (isTrivialPin(pin)) {
    return err(
      'That PIN is the first anyone would try (one digit repeated, or 1234); choose another.',
    );
  }
  const loaded = loadConfigFile('services', servicesPath);
  if (!loaded.ok) {
    return err(`${servicesPath} is invalid; fix it first.\n\n${formatProblems(loaded.error)}`);
  }
  if (!loaded.value.counters.some((c) => c.number === counter)) {
    return err(`${servicesPath} has no counter number ${counter}.`);
  }
  const data = JSON.parse(readFileSync(servicesPath, 'utf8')) as {
    counters: { number: number; pinHash?: string }[];
  };
  const entry = data.counters.find((c) => c.number === counter)!;
  entry.pinHash = await hashCounterPin(pin);
  const temporary = `${servicesPath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, {
    mode: statSync(servicesPath).mode,
  });
  const checked = loadConfigFile('services', temporary);
  if (!checked.ok) {
    rmSync(temporary);
    return err(`Nothing written: the result would be invalid.\n\n${formatProblems(checked.error)}`);
  }
  renameSync(temporary, servicesPath);
  return ok(undefined);
}

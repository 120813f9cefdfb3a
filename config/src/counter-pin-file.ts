import { err, ok, type Result } from '@bianmin/common';
import { PIN_PATTERN, hashCounterPin, isTrivialPin } from './counter-pin.js';
import { field, listOf } from './cross-field.js';
import { loadLocatedConfigFile } from './load.js';
import { formatProblems } from './problems.js';
import { writeConfigFile } from './write-config.js';

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
  const loaded = loadLocatedConfigFile('services', servicesPath);
  if (!loaded.ok) {
    return err(`${servicesPath} is invalid; fix it first.\n\n${formatProblems(loaded.error)}`);
  }
  if (!loaded.value.config.counters.some((c) => c.number === counter)) {
    return err(`${servicesPath} has no counter number ${counter}.`);
  }
  // The JSON as read (a byte-order mark already stripped), not the validated catalogue:
  // that carries defaults the technician never wrote.
  const { json } = loaded.value;
  const entry = listOf(field(json, 'counters')).find((c) => field(c, 'number') === counter);
  (entry as { pinHash?: string }).pinHash = await hashCounterPin(pin);
  const written = writeConfigFile('services', servicesPath, json);
  return written.ok ? ok(undefined) : err(written.error.message);
}

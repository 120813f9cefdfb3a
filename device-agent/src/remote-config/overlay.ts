import { err, ok, type Result } from '@bianmin/common';
import { unlistedCounters, validateConfig, type TerminalConfigSet } from '@bianmin/config';
import type { AcceptedDocument } from './check.js';

/**
 * The local files with the document's parts laid over them: the catalogue replaces
 * services.json, the hours replace terminal.json's serviceHours. Closures have no local
 * file; the service-time recorder reads them from the document (docs/remote-config.md). The result is checked as a whole,
 * so a catalogue that clashes with nothing local still fails here rather than at start.
 */
export function overlayDocument(
  local: TerminalConfigSet,
  accepted: AcceptedDocument | undefined,
): Result<TerminalConfigSet, string> {
  if (accepted === undefined) return ok(local);
  const { services, serviceHours } = accepted.parts;
  const terminal = validateConfig('terminal', {
    ...local.terminal,
    ...(serviceHours !== undefined && { serviceHours }),
  });
  if (!terminal.ok) return err(`terminal: ${terminal.error[0]?.path ?? '(file)'}`);
  // As loadTerminalConfig refuses local files whose keypads or displays name a counter the
  // catalogue lacks: that counter's calls would never reach its display.
  if (services !== undefined) {
    const unlisted = unlistedCounters(
      local.devices,
      services.counters.map((c) => c.number),
    )[0];
    if (unlisted) return err(`devices: ${unlisted.path.join('.')}: ${unlisted.message}`);
  }
  return ok({
    terminal: terminal.value,
    devices: local.devices,
    services: services ?? local.services,
  });
}

/** Whether two documents differ in what only a restart puts into effect. */
export function restartPartsDiffer(
  a: AcceptedDocument | undefined,
  b: AcceptedDocument | undefined,
): boolean {
  const parts = (d: AcceptedDocument | undefined) =>
    JSON.stringify([d?.document.services, d?.document.serviceHours, d?.document.closures]);
  return parts(a) !== parts(b);
}

import { describe, expect, it } from 'vitest';
import { checkDocument } from './check.js';
import { overlayDocument } from './overlay.js';
import { testCentre } from './test-documents.js';

describe('a document laid over the local files', () => {
  const centre = testCentre();
  const accepted = (services: typeof centre.local.services) => {
    const checked = checkDocument(centre.sign({ version: 2, services }), {
      key: centre.key,
      terminalId: centre.local.terminal.terminalId,
      communityCode: centre.local.terminal.community.code,
      newerThan: 0,
    });
    if (!checked.ok) throw new Error(checked.error.message);
    return checked.value;
  };

  it('takes the published catalogue in place of services.json', () => {
    const renamed = {
      ...centre.local.services,
      counters: centre.local.services.counters.map((c) => ({ ...c, name: `${c.name}（新）` })),
    };
    const laid = overlayDocument(centre.local, accepted(renamed));
    expect(laid.ok && laid.value.services.counters[0]?.name).toMatch(/（新）$/);
  });

  it("refuses a catalogue without a counter this terminal's keypads and displays are set for", () => {
    // devices.json wires keypad and display 3 to counter 3.
    const withoutThree = {
      ...centre.local.services,
      counters: centre.local.services.counters.map((c) =>
        c.number === 3 ? { ...c, number: 4 } : c,
      ),
    };
    const laid = overlayDocument(centre.local, accepted(withoutThree));
    expect(laid).toMatchObject({ ok: false });
    expect(!laid.ok && laid.error).toMatch(
      /^devices: counterCallers\.keypads\.2\.counter: .*counter 3/,
    );
  });
});

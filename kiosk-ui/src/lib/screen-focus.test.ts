import { describe, expect, it } from 'vitest';
import { focusNewScreen, type FocusDocument } from './screen-focus.js';

interface FakeElement {
  children: Set<FakeElement>;
  contains(other: unknown): boolean;
  focus(): void;
  blur(): void;
}

/** Elements as far as focus goes: the document knows which one is active. */
class FakeDocument implements FocusDocument {
  activeElement: Element | null = null;
  readonly body = element(this) as unknown as HTMLElement;
  readonly screen = element(this);
  heading = element(this, this.screen);
  readonly outside = element(this);

  querySelector<E extends Element = Element>(selectors: string): E | null {
    if (selectors === 'main') return this.screen as unknown as E;
    if (selectors === 'main h1') return this.heading as unknown as E;
    return null;
  }
}

function element(doc: FakeDocument, parent?: FakeElement): FakeElement {
  const node: FakeElement = {
    children: new Set(),
    contains: (other) => other === node || [...node.children].some((c) => c.contains(other)),
    focus: () => {
      doc.activeElement = node as unknown as Element;
    },
    blur: () => {
      if (doc.activeElement === (node as unknown as Element)) {
        doc.activeElement = doc.body as unknown as Element;
      }
    },
  };
  parent?.children.add(node);
  return node;
}

/** The paint never comes by itself: the test says when it has happened. */
function paintLater() {
  const pending: (() => void)[] = [];
  return {
    afterPaint: (then: () => void) => void pending.push(then),
    paint: () => pending.splice(0).forEach((then) => then()),
  };
}

describe('focusNewScreen', () => {
  it('takes focus off the tapped control at once and gives it to the heading after the paint', () => {
    const doc = new FakeDocument();
    const tapped = element(doc, doc.screen);
    tapped.focus();
    const frame = paintLater();

    focusNewScreen(doc, frame.afterPaint);
    expect(doc.activeElement).toBe(doc.body);

    doc.heading = element(doc, doc.screen); // the new screen's
    frame.paint();
    expect(doc.activeElement).toBe(doc.heading);
  });

  it('moves focus from a control outside the screen (the header) to the heading too', () => {
    const doc = new FakeDocument();
    doc.outside.focus();
    const frame = paintLater();

    focusNewScreen(doc, frame.afterPaint);
    expect(doc.activeElement).toBe(doc.outside);
    frame.paint();
    expect(doc.activeElement).toBe(doc.heading);
  });

  it('leaves focus where the new screen put it before the paint (an error summary)', () => {
    const doc = new FakeDocument();
    element(doc, doc.screen).focus();
    const frame = paintLater();

    focusNewScreen(doc, frame.afterPaint);
    const summary = element(doc, doc.screen);
    summary.focus();
    frame.paint();
    expect(doc.activeElement).toBe(summary);
  });
});

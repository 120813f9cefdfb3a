import { flushSync, mount, unmount } from 'svelte';
import type { KioskInfo } from '$lib/agent/types';
import type { RehearsalFrame } from '$lib/flows/session/rehearsal';
import FlowScreens, { type FlowSends } from '$lib/flows/session/FlowScreens.svelte';
import { textFactor } from '$lib/styles/text-sizes';

/**
 * Home speaks the centre's warnings when it shows, and the idle warning speaks too: they are not
 * rehearsed. Home is on the glass while the kiosk stands idle anyway.
 */
const NOT_REHEARSED = new Set(['home', 'idle-warning']);

const nowhere = () => {};
/** A rehearsed screen's taps go nowhere. */
const NOWHERE: FlowSends = {
  sendSession: nowhere,
  sendTicket: nowhere,
  sendApply: nowhere,
  sendRating: nowhere,
};

const rehearsable = (frame: RehearsalFrame): boolean =>
  !NOT_REHEARSED.has(frame.takeTicket?.meta.screen ?? frame.rate?.screen ?? frame.session.screen);

/**
 * Draws a rehearsed frame's screens into `host` out of sight, lays them out and takes them down
 * again, all in one task: no frame is painted meanwhile, so neither the glass, assistive
 * technology nor a test's query ever meets them. The screens' taps go nowhere, and none of the
 * rehearsed screens speaks or calls the agent. Why: see ./flows/session/rehearsal.ts.
 */
export function rehearseShowing(host: HTMLElement, frame: RehearsalFrame, kiosk: KioskInfo): void {
  if (!rehearsable(frame)) return;
  const stage = document.createElement('div');
  stage.inert = true;
  stage.setAttribute('aria-hidden', 'true');
  // In the flow at the column's width, so the words break as on the glass; no height, hidden.
  stage.style.cssText = 'visibility:hidden;height:0;overflow:hidden';
  // At the frame's text size, which may not be the glass's (kiosk.css, [data-text-scale]).
  stage.dataset.textScale = '';
  stage.style.setProperty('--scale', String(textFactor(frame.session.context.textScale)));
  host.append(stage);
  // The same component and arguments as the page draws the glass with (routes/+page.svelte).
  const shown = mount(FlowScreens, {
    target: stage,
    props: {
      screen: frame.session.screen,
      context: frame.session.context,
      ticketMeta: frame.takeTicket?.meta ?? null,
      ticketContext: frame.takeTicket?.context ?? null,
      applyScreen: null,
      applyContext: null,
      rateScreen: frame.rate?.screen ?? null,
      rateContext: frame.rate?.context ?? null,
      kiosk,
      reminder: false,
      sends: NOWHERE,
    },
  });
  flushSync();
  // Reading a size runs style and layout now, as the showing would.
  void stage.scrollHeight;
  void unmount(shown);
  stage.remove();
}

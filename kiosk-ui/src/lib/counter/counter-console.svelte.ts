import { tick } from 'svelte';
import type {
  CounterTicket,
  CounterView,
  HallSnapshot,
  QueueFigures,
  StaffCall,
  WaitingList,
} from '@bianmin/contract';
import { openQueueEvents } from '$lib/hall/queue-events';
import { chime } from '$lib/speech';
import { counterCall, hallSnapshot, type Answer } from './client';
import { serviceNameIn } from './names';
import { callNote, TICKET_DONE, type ConsoleNote } from './notes';
import { refusalText, ticketChangedText } from './refusals';
import { actionForKey, ANSWER_STAFF_CALL_KEY, shortcutKey, type CounterAction } from './shortcuts';
import { pickerAfterRefresh, transferTargetsFor } from './transfer-picker';

/** Which counter this PC signed in to last: not a secret, the session cookie is. */
const REMEMBERED = 'bianmin.counter';
/** A call for staff still unanswered chimes again this often: staff may have missed it. */
const STAFF_CALL_REMINDER_MS = 60_000;

/**
 * The counter staff's console as the `/counter` page runs it: the sign-in, the agent's calls
 * for each action, and the counter, its queues and today's figures asked for again after each
 * call and each event of the hall. The page and its components draw these fields and send the
 * staff's presses back.
 */
export class CounterConsole {
  // Raw: the agent's replies are replaced whole, never mutated.
  hall = $state.raw<HallSnapshot | null>(null);
  /** The counter signed in to; null on the sign-in. */
  counter = $state<number | null>(null);
  /** The counter picked on the sign-in. */
  chosen = $state<number | null>(null);
  pin = $state('');
  view = $state.raw<CounterView | null>(null);
  waiting = $state.raw<WaitingList | null>(null);
  figures = $state.raw<QueueFigures | null>(null);
  note = $state<ConsoleNote | null>(null);
  busy = $state(false);
  /** The ticket the transfer's choice of service is open for; null when it is closed. */
  transferring = $state.raw<CounterTicket | null>(null);
  streamLost = $state(false);
  /** The kiosk's calls for staff no counter has answered, oldest first. */
  staffCalls = $state.raw<StaffCall[]>([]);
  /** When the last call's reply arrived (ms since the epoch): tests compare the hall's with it. */
  repliedAt = $state<number | null>(null);

  /** Where the ticket the picker is open for can go: all services but its own. */
  transferTargets = $derived(transferTargetsFor(this.hall, this.transferring));

  /** Loads the hall, signs in again to the counter remembered, and follows the hall's events. */
  start(): () => void {
    const remembered = Number(localStorage.getItem(REMEMBERED));
    void this.#loadHall().then(async () => {
      this.chosen = this.hall?.counters[0]?.number ?? null;
      if (remembered > 0) {
        this.chosen = remembered;
        this.counter = remembered;
        await this.#refresh();
      }
    });
    const events = openQueueEvents({
      onEvent: (event) => {
        this.streamLost = false;
        if (event.type === 'staff-called' && this.counter !== null) chime();
        // The first load failed (the agent was restarting): the stream being back says it is.
        if (this.hall === null) {
          void this.#loadHall().then(() => {
            this.chosen ??= this.hall?.counters[0]?.number ?? null;
          });
        }
        void this.#refresh();
      },
      onLost: () => (this.streamLost = true),
    });
    const reminder = setInterval(() => {
      if (this.counter !== null && this.staffCalls.length > 0) chime();
    }, STAFF_CALL_REMINDER_MS);
    return () => {
      events.close();
      clearInterval(reminder);
    };
  }

  signIn = async () => {
    if (this.chosen === null || this.busy) return;
    this.busy = true;
    this.#clearNote();
    const answer = await counterCall('/counters/:number/sign-in', this.chosen, { pin: this.pin });
    this.busy = false;
    this.pin = '';
    if (!answer.ok) return this.#refused(answer);
    this.counter = this.chosen;
    this.view = answer.value.counter;
    localStorage.setItem(REMEMBERED, String(this.chosen));
    this.note = { kind: 'done', text: `已登录 ${answer.value.counter.name}。` };
    await this.#refresh();
    await tick();
    document.querySelector<HTMLElement>('[data-action="call-next"]')?.focus();
  };

  signOut = async () => {
    if (this.counter === null) return;
    await counterCall('/counters/:number/sign-out', this.counter, {});
    this.#signedOut();
    this.note = { kind: 'done', text: '已退出登录。' };
  };

  act = (action: CounterAction) => {
    const n = this.counter;
    if (n === null) return;
    switch (action) {
      case 'call-next': {
        // The ticket on the screen as N is pressed: if a keypad or another console has moved
        // the counter on meanwhile, the agent refuses rather than finish a resident unseen.
        const shown = this.view?.current?.number ?? null;
        return this.#run(
          () => counterCall('/counters/:number/call-next', n, { ticketNumber: shown }),
          (reply) => {
            this.repliedAt = Date.now();
            return callNote(this.hall, reply, '已叫');
          },
        );
      }
      case 'recall': {
        const shown = this.#shownTicket();
        if (!shown) return;
        return this.#run(
          () => counterCall('/counters/:number/recall', n, { ticketNumber: shown.number }),
          (reply) => callNote(this.hall, reply, '已重呼'),
        );
      }
      case 'start':
      case 'done':
      case 'no-show':
      case 'hold': {
        const shown = this.#shownTicket();
        if (!shown) return;
        return this.#run(
          () => counterCall(`/counters/:number/${action}`, n, { ticketNumber: shown.number }),
          ({ ticket }) => ({ kind: 'done', text: TICKET_DONE[action](ticket.number) }),
        );
      }
      case 'ask-rating':
        return this.#run(
          () => counterCall('/counters/:number/ask-rating', n, {}),
          ({ ticket }) => ({ kind: 'done', text: TICKET_DONE[action](ticket.number) }),
        );
      case 'pause': {
        const paused = !(this.view?.paused ?? false);
        return this.#run(
          () => counterCall('/counters/:number/pause', n, { paused }),
          () => ({ kind: 'done', text: paused ? '本窗口已暂停叫号。' : '本窗口已恢复叫号。' }),
        );
      }
      case 'transfer': {
        const shown = this.#shownTicket();
        if (!shown) return;
        this.transferring = shown;
        void tick().then(() =>
          document.querySelector<HTMLElement>('.transfer-picker button')?.focus(),
        );
        return;
      }
    }
  };

  transferTo = (serviceId: string) => {
    // While a request is under way the choice could not be sent: the picker stays open for it
    // rather than close on a choice that silently went nowhere.
    if (this.busy) return;
    const shown = this.transferring;
    this.transferring = null;
    const n = this.counter;
    if (n === null || shown === null) return;
    void this.#run(
      () => counterCall('/counters/:number/transfer', n, { ticketNumber: shown.number, serviceId }),
      ({ ticket }) => ({
        kind: 'done',
        text: `${ticket.number} 已转到 ${serviceNameIn(this.hall, serviceId)}，按原取号时间排队。`,
      }),
    );
  };

  /** 我去处理: this counter goes to the resident; every console drops the call. */
  answerStaffCall = (id: number) => {
    const n = this.counter;
    if (n === null) return;
    void this.#run(
      () => counterCall('/counters/:number/answer-staff-call', n, { id }),
      () => ({ kind: 'done', text: '已接下求助：请到自助机前帮助居民。' }),
    );
  };

  cancelTransfer = () => {
    this.transferring = null;
  };

  callBack = (ticketNumber: string) => {
    const n = this.counter;
    if (n === null) return;
    void this.#run(
      () => counterCall('/counters/:number/call-back', n, { ticketNumber }),
      (reply) => callNote(this.hall, reply, '已回呼'),
    );
  };

  /** The console's keys: a service's number while the transfer picks one, else the shortcuts. */
  onKey = (event: KeyboardEvent) => {
    if (this.counter === null) return;
    if (this.transferring) {
      if (event.key === 'Escape') this.transferring = null;
      const target = this.transferTargets[Number(event.key) - 1];
      if (target) this.transferTo(target.serviceId);
      return;
    }
    const press = {
      key: event.key,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      target: event.target instanceof HTMLElement ? event.target : null,
    };
    const oldest = this.staffCalls[0];
    if (oldest && shortcutKey(press) === ANSWER_STAFF_CALL_KEY) {
      event.preventDefault();
      return this.answerStaffCall(oldest.id);
    }
    const action = actionForKey(press);
    if (!action) return;
    event.preventDefault();
    void this.act(action);
  };

  /**
   * The ticket the console shows, which an action on the current ticket names so the agent can
   * refuse it once the counter has moved on; null, with the refusal said, when there is none.
   * The view is fresh only once no request is under way, so a press meanwhile does nothing.
   */
  #shownTicket(): CounterTicket | null {
    if (this.busy) return null;
    const shown = this.view?.current ?? null;
    if (shown === null) {
      this.#clearNote();
      void tick().then(() => {
        this.note = { kind: 'refused', text: refusalText('no-current-ticket') };
      });
    }
    return shown;
  }

  /**
   * Runs one request at a time, and the refresh after it: a second press while they are under
   * way does nothing, so no press acts on the view from before the first (a transfer of the
   * ticket just called back read "no ticket" until the refresh came). The answer's note is shown
   * only once the console is ready again: staff who see 已暂停 and press P to resume at once
   * must not find that press ignored.
   */
  async #run<T>(request: () => Promise<Answer<T>>, done: (value: T) => ConsoleNote) {
    if (this.busy || this.counter === null) return;
    this.busy = true;
    this.#clearNote();
    try {
      const answer = await request();
      // Now, not after the refresh: repliedAt says when the agent answered.
      const note = answer.ok ? done(answer.value) : null;
      const refreshed = await this.#refresh();
      if (!answer.ok) this.#refused(answer);
      // A refresh refused (signed out meanwhile) is the newer news: its note stays.
      else if (refreshed) this.note = note;
    } finally {
      this.busy = false;
    }
  }

  /** Asks the agent for the counter, the queues and today's figures; false if it refused. */
  async #refresh(): Promise<boolean> {
    if (this.counter === null) return true;
    const [mine, list, today, calls] = await Promise.all([
      counterCall('/counters/:number', this.counter, undefined),
      counterCall('/queue/waiting', null, undefined),
      counterCall('/queue/figures', null, undefined),
      counterCall('/staff-calls', null, undefined),
    ]);
    if (!mine.ok) {
      this.#refused(mine);
      return false;
    }
    this.view = mine.value;
    const stillOpen = pickerAfterRefresh(this.transferring, this.view);
    if (this.transferring && !stillOpen) {
      this.transferring = null;
      // Said, not just closed: staff may be about to press a digit for the picker gone.
      this.note = {
        kind: 'refused',
        text: ticketChangedText(this.view.current?.number ?? null, '转移已取消'),
      };
    }
    if (list.ok) this.waiting = list.value;
    if (today.ok) this.figures = today.value;
    if (calls.ok) this.staffCalls = calls.value.calls;
    return true;
  }

  async #loadHall() {
    const answer = await hallSnapshot();
    if (answer.ok) this.hall = answer.value;
    else this.note = { kind: 'refused', text: refusalText(answer.error) };
  }

  /**
   * Empties the notes before a press is answered: a screen reader says a live region's text only
   * when it changes, so a second 密码不对 or 现在没有人等候 in the same words would go unsaid.
   */
  #clearNote() {
    this.note = null;
  }

  #refused(answer: Extract<Answer<unknown>, { ok: false }>) {
    this.note = {
      kind: 'refused',
      // After the refresh: the view says which ticket the counter has moved on to.
      text:
        answer.error === 'ticket-changed'
          ? ticketChangedText(this.view?.current?.number ?? null)
          : refusalText(answer.error, answer.retryAfterSeconds),
    };
    if (answer.error === 'not-signed-in') this.#signedOut();
  }

  #signedOut() {
    this.counter = null;
    this.view = null;
    this.staffCalls = [];
    // Else the next sign-in finds it open, taking every key for a service's number.
    this.transferring = null;
    localStorage.removeItem(REMEMBERED);
  }
}

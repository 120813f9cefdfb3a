import { parse, type HTMLElement } from 'node-html-parser';

/** One terminal's row of the centre's page, as a reader of the page sees it. */
interface DashboardRow {
  terminal: string;
  terminalId: string;
  community: string;
  region: string;
  /** The badge, e.g. '● 在线'. */
  presence: string;
  /** The plain-text lines under the badge (device problems, upload backlog). */
  details: string[];
  lastSeen: string;
  /** Today's tickets per service name. */
  services: Record<string, number>;
  total: string;
}

export interface DashboardPage {
  lang: string | undefined;
  title: string;
  refresh: string | undefined;
  caption: string;
  columnHeaders: string[];
  rows: DashboardRow[];
  /** Everything a browser would run or fetch: script, link, src= and href= targets. */
  activeContent: string[];
  /** The text of <main>, for messages outside the table. */
  mainText: string;
}

const text = (el: HTMLElement | null | undefined) => el?.textContent.trim() ?? '';

/** The cell's own text without the grey sub-lines (`<span class="sub">`). */
function ownText(cell: HTMLElement): string {
  const copy = parse(cell.outerHTML);
  for (const sub of copy.querySelectorAll('.sub')) sub.remove();
  return text(copy);
}

const subs = (cell: HTMLElement) => cell.querySelectorAll('.sub').map((s) => text(s));

/**
 * Parses the centre's monitoring page, so tests assert on what a person reads in each cell
 * rather than on how the HTML happens to be spelled.
 */
export function readDashboardPage(html: string): DashboardPage {
  const root = parse(html);
  // A terminal's row is headed by its name; the empty table's one row has no header cell.
  const terminalRows = root.querySelectorAll('tbody tr').filter((tr) => tr.querySelector('th'));
  const rows = terminalRows.map((tr): DashboardRow => {
    const head = tr.querySelector('th')!;
    const cells = tr.querySelectorAll('td');
    const cell = (i: number) => {
      const c = cells[i];
      if (!c) throw new Error(`row has no cell ${i}: ${tr.outerHTML}`);
      return c;
    };
    const services = Object.fromEntries(
      cell(4)
        .querySelectorAll('li')
        .map((li) => [text(li).replace(/：\d+$/, ''), Number(text(li.querySelector('strong')))]),
    );
    return {
      terminal: ownText(head),
      terminalId: subs(head)[0] ?? '',
      community: text(cell(0)),
      region: text(cell(1)),
      presence: text(cell(2).querySelector('.presence')),
      details: subs(cell(2)),
      lastSeen: ownText(cell(3)),
      services,
      total: text(cell(5)),
    };
  });
  const activeContent = [
    ...root.querySelectorAll('script, link').map((el) => el.tagName.toLowerCase()),
    ...root
      .querySelectorAll('[src], [href]')
      .map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? ''),
  ];
  return {
    lang: root.querySelector('html')?.getAttribute('lang'),
    title: text(root.querySelector('title')),
    refresh: root.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content'),
    caption: text(root.querySelector('caption')),
    columnHeaders: root.querySelectorAll('thead th').map((th) => text(th)),
    rows,
    activeContent,
    mainText: text(root.querySelector('main')),
  };
}

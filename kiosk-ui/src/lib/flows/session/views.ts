import type { CatalogueCategory, CatalogueService, ServiceGuide } from '../../agent/types.js';
import {
  GUIDE_SECTIONS,
  guideBlocks,
  guidePages,
  type GuidePage,
} from '../../catalogue/guide-pages.js';
import {
  LIST_LAYOUT_MM,
  actionRows,
  listPageSize,
  pageOf,
  screenRoomMm,
  type ListScreen,
  type Page,
} from '../../catalogue/paging.js';
import { textEms } from '../../styles/text-width.js';
import { searchServices } from '../../catalogue/search.js';
import { COLUMN_MM, GROW_CAP, TEXT_MM, textFactor } from '../../styles/text-sizes.js';
import type { PlainKey } from '../../i18n/catalogue.js';
import { joinSentences, type Language } from '../../i18n/languages.js';
import { localized } from '../../i18n/local-text.js';
import { translate } from '../../i18n/translate.js';
import { guideQrText } from '../../catalogue/guide-qr.js';
import { ticketQueue } from '../queue-name.js';
import { GUIDE_PRINTS_PER_GUIDE, printsOfGuide, type SessionContext } from './context.js';

/**
 * What each screen of the session shows, from the machine's context: the machine's guards and
 * the page read the same pages, so a 下一页 the page shows is one the machine takes.
 */

type ViewContext = Pick<
  SessionContext,
  | 'catalogue'
  | 'queues'
  | 'screenHeightMm'
  | 'portrait'
  | 'readAloud'
  | 'textScale'
  | 'categoryId'
  | 'query'
  | 'listSource'
  | 'serviceId'
  | 'pages'
  | 'language'
>;

/**
 * The screen's padding and a tile's padding and border, in millimetres, for choosing how many
 * tiles stand in a row of the column (kiosk.css `--content-width`).
 */
const TILE_ROW_MM = { padding: 16, tileChrome: 2 * 6 + 2 * 0.8 };

/**
 * Category tiles stand two to a row where every tile's words fit half the column on one line at
 * this text size; otherwise (longer words: English at the larger sizes) one to a row, where a
 * name still too long shrinks to fit (docs/accessibility.md, "Screen profiles"). A tile's words
 * are large text (kiosk.css `--text-l`).
 */
function categoryColumns(context: ViewContext, names: string[]): number {
  const factor = factorOf(context);
  const column = COLUMN_MM * Math.min(factor, GROW_CAP) - TILE_ROW_MM.padding;
  const half = (column - LIST_LAYOUT_MM.rowGap * factor) / 2 - TILE_ROW_MM.tileChrome;
  const widest = Math.max(...names.map((n) => textEms(n) * TEXT_MM.large * factor));
  return widest <= half ? 2 : 1;
}

const factorOf = (context: Pick<ViewContext, 'textScale'>) => textFactor(context.textScale);

type ListContext = Pick<
  ViewContext,
  'screenHeightMm' | 'portrait' | 'readAloud' | 'textScale' | 'language'
>;

/** The session's list screens: a heading, their rows, and NavRow's 返回 and 首页. */
function sessionList(context: ListContext, heading: string, items: number): ListScreen {
  const { language } = context;
  return {
    heading,
    pageOf: translate(language, 'page.of', { page: items, count: items }),
    stepAbove: false,
    buttons: [translate(language, 'nav.back'), translate(language, 'nav.home')],
    pagerButtons: [translate(language, 'nav.previous'), translate(language, 'nav.next')],
    buttonRow: 'nav',
  };
}

const rowsOf = (context: ListContext, screen: ListScreen, items: number) =>
  listPageSize(screenRoomMm(context), factorOf(context), screen, items);

/**
 * How many queues a page of 取号's list (screens/ChooseService.svelte) holds: its heading, the
 * step indicator above it where that takes the glass's height (portrait), and 返回首页 with the
 * pager's buttons beside it where they fit.
 */
export function queuePageSize(context: ListContext, queues: number): number {
  const { language } = context;
  const screen: ListScreen = {
    heading: translate(language, 'chooseService.title'),
    pageOf: translate(language, 'page.of', { page: queues, count: queues }),
    stepAbove: context.portrait,
    buttons: [translate(language, 'nav.backHome')],
    pagerButtons: [translate(language, 'nav.previous'), translate(language, 'nav.next')],
    buttonRow: 'wrap',
  };
  return rowsOf(context, screen, queues);
}

/** The search is the last tile among the categories, so it pages with them. */
export const SEARCH_TILE = 'search';
type CategoryTile = CatalogueCategory | typeof SEARCH_TILE;

/** A page of category tiles and how many stand in a row. */
export type CategoryPage = Page<CategoryTile> & { columns: number };

export function categoryPage(context: ViewContext): CategoryPage {
  const tiles: CategoryTile[] = [...context.catalogue.categories, SEARCH_TILE];
  const names = tiles.map((tile) =>
    tile === SEARCH_TILE
      ? translate(context.language, 'catalogue.search')
      : localized(tile.name, context.language).text,
  );
  const columns = categoryColumns(context, names);
  const tileRows = Math.ceil(tiles.length / columns);
  const heading = translate(context.language, 'catalogue.title');
  const rows = rowsOf(context, sessionList(context, heading, tileRows), tileRows);
  return { ...pageOf(tiles, context.pages.categories, rows * columns), columns };
}

export function searchResults(context: ViewContext): CatalogueService[] {
  return searchServices(context.catalogue.services, context.query);
}

/** The services of the chosen category, or the search's results. */
export function listedServices(context: ViewContext): CatalogueService[] {
  if (context.listSource === 'search') return searchResults(context);
  return context.catalogue.services.filter((s) => s.category === context.categoryId);
}

/** The list's heading: the category's name, or what was searched for. */
export function listTitle(context: ViewContext): string {
  if (context.listSource === 'search') {
    return translate(context.language, 'serviceList.searchTitle', { query: context.query });
  }
  const category = chosenCategory(context);
  return category ? localized(category.name, context.language).text : '';
}

export function listPage(context: ViewContext): Page<CatalogueService> {
  const services = listedServices(context);
  const screen = sessionList(context, listTitle(context), services.length);
  return pageOf(services, context.pages.list, rowsOf(context, screen, services.length));
}

export function chosenService(context: ViewContext): CatalogueService | undefined {
  return context.catalogue.services.find((s) => s.id === context.serviceId);
}

function chosenCategory(context: ViewContext): CatalogueCategory | undefined {
  return context.catalogue.categories.find((c) => c.id === context.categoryId);
}

/**
 * A guide's pages by language, screen height and text size, cut once: the page, the machine's
 * guards and read-aloud each ask for them on every event while a guide is shown, and cutting
 * measures every character (docs/benchmarks.md, "Kiosk in the browser"). The catalogue is fixed
 * while the page runs, so a guide object stands for its text.
 */
const cutGuides = new WeakMap<ServiceGuide, Map<string, GuidePage[]>>();

function pagesOf(guide: ServiceGuide, context: ViewContext): GuidePage[] {
  let byLayout = cutGuides.get(guide);
  if (!byLayout) cutGuides.set(guide, (byLayout = new Map()));
  const room = screenRoomMm(context) - guideActions(context).extraMm;
  const key = `${context.language} ${room} ${context.textScale}`;
  let pages = byLayout.get(key);
  if (!pages) {
    const blocks = guideBlocks(guide, context.language);
    pages = guidePages(blocks, room, factorOf(context));
    byLayout.set(key, pages);
  }
  return pages;
}

/** The buttons under a guide: 申请, the queue's ticket and 带走指南, as the service offers them. */
export interface GuideActions {
  apply: boolean;
  /** The ticket's button: its full name, and the words it shows (shorter beside 申请). */
  ticket: { label: string; shown: string } | null;
  takeAway: boolean;
  /** Two rows where the buttons' words do not fit beside each other at body size. */
  rows: 1 | 2;
  extraMm: number;
}

export function guideActions(context: ViewContext): GuideActions {
  const service = chosenService(context);
  const { language } = context;
  const apply = service?.application !== undefined;
  const queue = ticketQueue(
    { catalogue: context.catalogue, services: context.queues },
    service?.ticketServiceId,
    language,
  );
  const takeAway = service?.guide !== undefined;
  const label = queue && translate(language, 'guide.takeTicket', { queue: queue.text });
  // Beside another button the queue's name would shrink the words below the body size
  // (docs/accessibility.md): the button keeps it in its accessible name only.
  const beside = apply || takeAway;
  const ticket = label
    ? { label, shown: beside ? translate(language, 'home.takeTicket') : label }
    : null;
  const labels = [
    ...(apply ? [translate(language, 'guide.apply')] : []),
    ...(ticket ? [ticket.shown] : []),
    ...(takeAway ? [translate(language, 'guide.takeAway')] : []),
  ];
  return { apply, ticket, takeAway, ...actionRows(labels, factorOf(context)) };
}

/** The guide's page; a queue without a guide is one page of its description. */
export function guidePage(context: ViewContext): Page<GuidePage> {
  const guide = chosenService(context)?.guide;
  return pageOf(guide ? pagesOf(guide, context) : [], context.pages.guide, 1);
}

/**
 * A guide's text as a clause of a spoken sentence: without the full stop it ends with, as the
 * sentence around it (speech.guideSection, speech.guideItems) has its own, so no 。。 or 。；
 * is said.
 */
const clause = (text: string): string => text.replace(/[\s。．.！!；;，,、]+$/u, '');

/**
 * What read-aloud says of a guide page: its headings and text, in order, in the resident's
 * language. A text only in Chinese is not read with another language's voice: read-aloud says
 * that part is only in Chinese (docs/i18n.md).
 */
export function guidePageSpeech(context: ViewContext): string {
  const service = chosenService(context);
  if (!service) return '';
  const { language } = context;
  const say = (text: { text: string; language: Language }) =>
    text.language === language ? text.text : translate(language, 'speech.chineseOnly');
  const [page] = guidePage(context).items;
  const first =
    context.pages.guide === 0
      ? [
          translate(language, 'speech.guideTitle', {
            service: say(localized(service.name, language)),
          }),
        ]
      : [];
  const description =
    !service.guide && service.description ? [say(localized(service.description, language))] : [];
  const heading = new Map<string, PlainKey>(GUIDE_SECTIONS);
  const body = (page ?? []).map((part) =>
    translate(language, 'speech.guideSection', {
      heading: translate(language, heading.get(part.section) ?? 'guide.label'),
      text: part.blocks
        .map((block) => clause(say(block)))
        .join(translate(language, 'speech.guideItems')),
    }),
  );
  return joinSentences(language, [...first, ...description, ...body]);
}

type PrintContext = Pick<
  SessionContext,
  'printerAvailable' | 'guidePrint' | 'guidePrints' | 'serviceId'
>;
type TakeAwayContext = ViewContext & PrintContext & Pick<SessionContext, 'communityName'>;

export const copiesLeft = (context: PrintContext) =>
  printsOfGuide(context) < GUIDE_PRINTS_PER_GUIDE;

/** A print of the guide on the glass is offered: the printer works and copies are left. */
export const canPrintGuide = (context: PrintContext): boolean =>
  context.printerAvailable && copiesLeft(context);

/** The print button's words: another copy once one has come out. */
export const printButton = (context: PrintContext): PlainKey =>
  context.guidePrint?.ok ? 'guide.printAgain' : 'guide.print';

/** What a guide's take-away (带走指南) offers: its QR code's text, a print, and what is said. */
export interface TakeAway {
  /** The guide as text for a phone (lib/catalogue/guide-qr.ts); null: too long for a code. */
  qrText: string | null;
  canPrint: boolean;
  button: PlainKey;
  /** What the screen says and read-aloud reads: about the code, the last print, the printer. */
  notes: PlainKey[];
}

export function takeAway(context: TakeAwayContext): TakeAway {
  const service = chosenService(context);
  const qrText = service ? guideQrText(service, context.language, context.communityName) : null;
  const print = context.guidePrint;
  const notes: PlainKey[] = [qrText === null ? 'guide.qrTooLong' : 'guide.qrHint'];
  if (print) notes.push(print.ok ? 'guide.printed' : 'guide.notPrinted');
  // Why no print is offered, while one would be.
  if (!context.printerAvailable && copiesLeft(context)) notes.push('guide.noPrinter');
  return { qrText, canPrint: canPrintGuide(context), button: printButton(context), notes };
}

/** What read-aloud says on the take-away: the notes, and the print where one is offered. */
export function takeAwaySpeech(context: TakeAwayContext): string {
  const { language } = context;
  const { notes, canPrint, button } = takeAway(context);
  return joinSentences(language, [
    translate(language, 'speech.guideTitle', {
      service: translate(language, 'guide.takeAwayTitle'),
    }),
    ...notes.map((key) => translate(language, key)),
    canPrint
      ? translate(language, 'speech.guidePrint', { button: translate(language, button) })
      : '',
  ]);
}

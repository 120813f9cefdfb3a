import type { CatalogueCategory, CatalogueService, ServiceGuide } from '../../agent/types.js';
import {
  GUIDE_SECTIONS,
  guideBlocks,
  guidePages,
  type GuidePage,
} from '../../catalogue/guide-pages.js';
import { LIST_LAYOUT_MM, listPageSize, pageOf, type Page } from '../../catalogue/paging.js';
import { textEms } from '../../styles/text-width.js';
import { searchServices } from '../../catalogue/search.js';
import { TEXT_SCALES } from '../../screen-profile.js';
import type { PlainKey } from '../../i18n/catalogue.js';
import { joinSentences, type Language } from '../../i18n/languages.js';
import { localized } from '../../i18n/local-text.js';
import { translate } from '../../i18n/translate.js';
import type { SessionContext } from './context.js';

/**
 * What each screen of the session shows, from the machine's context: the machine's guards and
 * the page read the same pages, so a 下一页 the page shows is one the machine takes.
 */

type ViewContext = Pick<
  SessionContext,
  | 'catalogue'
  | 'screenHeightMm'
  | 'textScale'
  | 'categoryId'
  | 'query'
  | 'listSource'
  | 'serviceId'
  | 'pages'
  | 'language'
>;

/**
 * The screen's column (kiosk.css, `--content-width` less main's padding) and a tile's padding and
 * border, in millimetres at text factor 1, for choosing how many tiles stand in a row.
 */
const COLUMN_MM = { width: 240, widthGrowsTo: 1.25, padding: 16, tileChrome: 2 * 6 + 2 * 0.8 };
/** A category tile's words are large text (kiosk.css `--text-l`), in mm at factor 1. */
const TILE_TEXT_MM = 13;

/**
 * Category tiles stand two to a row where every tile's words fit half the column on one line at
 * this text size; otherwise (longer words: English at the larger sizes) one to a row, where a
 * name still too long shrinks to fit (docs/accessibility.md, "Screen profiles").
 */
function categoryColumns(context: ViewContext, names: string[]): number {
  const factor = textFactor(context);
  const column = COLUMN_MM.width * Math.min(factor, COLUMN_MM.widthGrowsTo) - COLUMN_MM.padding;
  const half = (column - LIST_LAYOUT_MM.rowGap * factor) / 2 - COLUMN_MM.tileChrome;
  const widest = Math.max(...names.map((n) => textEms(n) * TILE_TEXT_MM * factor));
  return widest <= half ? 2 : 1;
}

const textFactor = (context: ViewContext) => TEXT_SCALES[context.textScale]?.factor ?? 1;
const rows = (context: ViewContext) => listPageSize(context.screenHeightMm, textFactor(context));

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
  return { ...pageOf(tiles, context.pages.categories, rows(context) * columns), columns };
}

export function searchResults(context: ViewContext): CatalogueService[] {
  return searchServices(context.catalogue.services, context.query);
}

/** The services of the chosen category, or the search's results. */
export function listedServices(context: ViewContext): CatalogueService[] {
  if (context.listSource === 'search') return searchResults(context);
  return context.catalogue.services.filter((s) => s.category === context.categoryId);
}

export function listPage(context: ViewContext): Page<CatalogueService> {
  return pageOf(listedServices(context), context.pages.list, rows(context));
}

export function chosenService(context: ViewContext): CatalogueService | undefined {
  return context.catalogue.services.find((s) => s.id === context.serviceId);
}

export function chosenCategory(context: ViewContext): CatalogueCategory | undefined {
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
  const key = `${context.language} ${context.screenHeightMm} ${context.textScale}`;
  let pages = byLayout.get(key);
  if (!pages) {
    const blocks = guideBlocks(guide, context.language);
    pages = guidePages(blocks, context.screenHeightMm, textFactor(context));
    byLayout.set(key, pages);
  }
  return pages;
}

/** The guide's page; a queue without a guide is one page of its description. */
export function guidePage(context: ViewContext): Page<GuidePage> {
  const guide = chosenService(context)?.guide;
  return pageOf(guide ? pagesOf(guide, context) : [], context.pages.guide, 1);
}

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
      text: part.blocks.map(say).join(translate(language, 'speech.guideItems')),
    }),
  );
  return joinSentences(language, [...first, ...description, ...body]);
}

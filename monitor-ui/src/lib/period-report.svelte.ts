import { page } from '$app/state';
import { queryOf } from '$lib/api';
import { latestAnswer } from '$lib/latest.svelte';
import { appLink } from '$lib/links';
import { session } from '$lib/session.svelte';

/** The monitoring views that sum a period per region, each with a CSV beside it. */
type PeriodView = '/ratings' | '/usage';

/**
 * One period report: its filters from the page's address, the centre's summary for them,
 * and the links to drill into a region and to download the CSV. Call it while a component
 * initialises (it starts an effect).
 */
export function periodReport<T>(view: PeriodView) {
  const query = $derived({
    region: page.url.searchParams.get('region') ?? undefined,
    from: page.url.searchParams.get('from') ?? undefined,
    to: page.url.searchParams.get('to') ?? undefined,
  });
  const answer = latestAnswer<T>(() => `/api/v1/monitor${view}${queryOf(query)}`);

  const atTop = $derived(query.region === undefined || query.region === session.account?.region);
  const csvHref = $derived(`/api/v1/monitor${view}.csv${queryOf(query)}`);
  return {
    get summary() {
      return answer.value;
    },
    get error() {
      return answer.error;
    },
    get atTop() {
      return atTop;
    },
    get csvHref() {
      return csvHref;
    },
    /** The same period for the whole of the account's area. */
    get topHref() {
      return appLink(view, { from: query.from, to: query.to });
    },
    drill: (code: string) => appLink(view, { ...query, region: code }),
  };
}

import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { queryOf } from './api';

type AppPage = '/' | '/regions' | '/terminal' | '/coverage' | '/usage' | '/ratings' | '/login';

/** A page of this app (under its base path), with the query that selects what it shows. */
export function appLink(page: AppPage, params: Record<string, string | undefined> = {}) {
  return `${resolve(page)}${queryOf(params)}` as ResolvedPathname;
}

import type { Account } from '@bianmin/contract';

/** The logged-in account, shared by the layout (header) and the pages. */
export const session = $state<{ account: Account | null }>({ account: null });

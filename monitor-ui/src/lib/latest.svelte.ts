import { api } from '$lib/api';

/**
 * The centre's answer for the address `path` names now, kept current as it changes. Call it
 * while a component initialises (it starts an effect).
 */
export function latestAnswer<T>(path: () => string) {
  let value = $state<T | null>(null);
  let error = $state('');
  $effect(() => {
    // A later filter's request may be answered first: an answer to a superseded one is
    // dropped, so the view always shows what its address asks for.
    let superseded = false;
    void api<T>(path()).then((r) => {
      if (superseded) return;
      if (r.ok) {
        value = r.value;
        error = '';
      } else error = r.message;
    });
    return () => {
      superseded = true;
    };
  });
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
  };
}

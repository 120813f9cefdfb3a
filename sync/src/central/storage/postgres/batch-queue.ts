/**
 * Collects concurrent requests into groups that are written together: a group leaves as
 * soon as fewer than `maxRunning` groups are being written, so requests arriving while a
 * group is in flight wait for the next one instead of taking a connection and a commit of
 * their own. Requests with the same key never share a group or run at the same time (the
 * later one waits), so a group may lock its keys in one order.
 */
export interface BatchQueue<I, O> {
  run(key: string, item: I): Promise<O>;
}

interface Waiting<I, O> {
  key: string;
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function createBatchQueue<I, O>(options: {
  maxGroup: number;
  maxRunning: number;
  /** Writes the group: one outcome per item, in order (one item may fail alone). */
  write: (items: I[]) => Promise<PromiseSettledResult<O>[]>;
}): BatchQueue<I, O> {
  const waiting: Waiting<I, O>[] = [];
  const busyKeys = new Set<string>();
  let running = 0;

  const writeGroup = async (group: Waiting<I, O>[]) => {
    try {
      const results = await options.write(group.map((w) => w.item));
      group.forEach((w, i) => {
        const result = results[i];
        if (result?.status === 'fulfilled') w.resolve(result.value);
        else w.reject(result === undefined ? new Error('no outcome for a batch') : result.reason);
      });
    } catch (error) {
      for (const w of group) w.reject(error);
    } finally {
      for (const w of group) busyKeys.delete(w.key);
      running -= 1;
      next();
    }
  };

  const next = () => {
    while (running < options.maxRunning && waiting.length > 0) {
      const group: Waiting<I, O>[] = [];
      for (let i = 0; i < waiting.length && group.length < options.maxGroup;) {
        const candidate = waiting[i] as Waiting<I, O>;
        if (busyKeys.has(candidate.key)) {
          i += 1;
          continue;
        }
        busyKeys.add(candidate.key);
        group.push(candidate);
        waiting.splice(i, 1);
      }
      if (group.length === 0) return;
      running += 1;
      void writeGroup(group);
    }
  };

  return {
    run: (key, item) =>
      new Promise<O>((resolve, reject) => {
        waiting.push({ key, item, resolve, reject });
        next();
      }),
  };
}

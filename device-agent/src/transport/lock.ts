/**
 * Serialises access to one port: a find/select/read exchange or a print job must not
 * interleave with another caller's bytes.
 */
export class PortLock {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

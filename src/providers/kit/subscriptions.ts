/**
 * Listener bookkeeping: every `on` is paired with its `off` where it is made, and a bag of them is undone
 * in one call, so a tracker that subscribes is also the one that unsubscribes.
 */

export interface Emitter<E extends string, L> {
  on(event: E, listener: L): void;
  off(event: E, listener: L): void;
}

/** Registers one listener (through the emitter's own typed overloads) and returns its undo. */
export function listen<E extends string, L>(target: Emitter<E, L>, event: E, listener: L): () => void {
  target.on(event, listener);
  return () => target.off(event, listener);
}

export class Subscriptions {
  #undo: (() => void)[] = [];

  /** How many are held (tests count them to prove nothing is left behind). */
  get size(): number {
    return this.#undo.length;
  }

  add(...undo: (() => void)[]): void {
    this.#undo.push(...undo);
  }

  on<E extends string, L>(target: Emitter<E, L>, event: E, listener: L): void {
    this.#undo.push(listen(target, event, listener));
  }

  /** Undo every subscription, newest first; the bag can be filled again. */
  dispose(): void {
    for (const undo of this.#undo.splice(0).reverse()) undo();
  }
}

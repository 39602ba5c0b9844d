/**
 * Counts the timers and DOM listeners that provider code (anything under /src/providers/) has set and not
 * yet cleared, by wrapping the page's setTimeout/setInterval and EventTarget methods while installed.
 * A test installs it, runs a connect/disconnect cycle, and expects both counts back at zero.
 */
const FROM_PROVIDER = /\/src\/providers\//;

const fromProvider = (): boolean => FROM_PROVIDER.test(new Error().stack ?? '');

type ListenerKey = string;

export class LeakCounter {
  readonly #timers = new Set<unknown>();
  readonly #listeners = new Map<ListenerKey, { target: EventTarget; type: string }>();
  readonly #ids = new WeakMap<object, number>();
  #seq = 0;
  #restore: (() => void) | null = null;

  get timers(): number {
    return this.#timers.size;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** What is still held, for a failure message. */
  describe(): string {
    return `${this.timers} timers, listeners: ${[...this.#listeners.values()].map((l) => `${l.target.constructor.name}:${l.type}`).join(', ') || 'none'}`;
  }

  #id(value: object): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = ++this.#seq;
      this.#ids.set(value, id);
    }
    return id;
  }

  #key(target: EventTarget, type: string, listener: object, options?: boolean | EventListenerOptions): ListenerKey {
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    return `${this.#id(target)}|${type}|${this.#id(listener)}|${capture}`;
  }

  install(parts: { timers?: boolean; listeners?: boolean } = {}): void {
    if (this.#restore) return;
    const g = globalThis;
    const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = g;
    const proto = EventTarget.prototype;
    const { addEventListener: add, removeEventListener: remove } = proto;
    const timers = this.#timers;
    if (parts.timers !== false) g.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      if (!fromProvider() || typeof handler !== 'function') return st(handler, ms, ...args);
      const handle = st((...a: unknown[]) => {
        timers.delete(handle);
        (handler as (...x: unknown[]) => void)(...a);
      }, ms, ...args);
      timers.add(handle);
      return handle;
    }) as typeof setTimeout;
    // The page clears timeouts and intervals from one pool of ids, so either clear forgets either kind.
    const clear = (native: (handle?: number) => void) => (handle?: number) => {
      timers.delete(handle);
      native(handle);
    };
    g.clearTimeout = clear(ct) as typeof clearTimeout;
    g.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const handle = si(handler, ms, ...args);
      if (fromProvider()) timers.add(handle);
      return handle;
    }) as typeof setInterval;
    g.clearInterval = clear(ci) as typeof clearInterval;
    const listeners = this.#listeners;
    const key = (t: EventTarget, type: string, l: object, o?: boolean | EventListenerOptions) => this.#key(t, type, l, o);
    if (parts.listeners !== false) proto.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      // A bare `addEventListener(...)` call has no receiver: it means the global object.
      const target = this ?? globalThis;
      if (listener && fromProvider()) {
        const k = key(target, type, listener, options);
        listeners.set(k, { target, type });
        const once = typeof options === 'object' && options.once;
        if (once) add.call(target, type, () => listeners.delete(k), { once: true });
        const signal = typeof options === 'object' ? options.signal : undefined;
        signal?.addEventListener('abort', () => listeners.delete(k), { once: true });
      }
      add.call(target, type, listener, options);
    };
    proto.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      const target = this ?? globalThis;
      if (listener) listeners.delete(key(target, type, listener, options));
      remove.call(target, type, listener, options);
    };
    this.#restore = () => {
      Object.assign(g, { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci });
      proto.addEventListener = add;
      proto.removeEventListener = remove;
    };
  }

  uninstall(): void {
    this.#restore?.();
    this.#restore = null;
    this.#timers.clear();
    this.#listeners.clear();
  }
}

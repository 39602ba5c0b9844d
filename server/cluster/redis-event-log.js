// Several signaling processes as one: every process publishes its hub's events (server/signaling.js) to one
// Redis pub/sub channel and applies everyone's in the order Redis delivers them, which is the same order for
// every subscriber, so every process holds the same state and writes only to the sockets it holds.
//
// Also on the channel, handled here: `alive` beats (a process silent for nodeTimeoutMs is declared down, and
// its connections drop into their grace period, so their clients can resume on another process), and
// `sync-request`/`snapshot`, how a process that starts or comes back gets the current state: it asks, keeps
// every event after its own request, and applies them on top of the first snapshot answering that request
// (the snapshot is taken exactly at the request's place in the order). With nobody to answer, it starts empty.
//
// Redis lost: every process refuses clients with `server-error`, closes their sockets and forgets the state;
// when Redis returns, clients reconnect and claim their calls again (restored when both sides claim them,
// as after a restart of a single process). Media between browsers never passes through here.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

const DEFAULTS = { channel: 'call-elements:events', beatMs: 1000, nodeTimeoutMs: 4000, syncMs: 1500, startWaitMs: 10000, fingerprint: '' };

/** Not in a log line: a Redis URL may carry a password. */
const where = (url) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'the configured Redis';
  }
};

export class RedisEventLog {
  /** This process's name in the cluster (random per start; never reused, so a restarted process is new). */
  node = randomBytes(6).toString('hex');
  /** Whether this process holds the current state and may take clients. */
  ready = false;
  #options;
  #url;
  #hub;
  #pub;
  #sub;
  #up = { pub: false, sub: false };
  #state = 'down';
  #nonce = '';
  #seenOwnRequest = false;
  #buffer = [];
  #syncTimer;
  #beatTimer;
  /** node → when it was last heard from (this process's clock). */
  #lastSeen = new Map();
  #readyWaiters = new Set();
  #said = '';
  /** Why this process may not join, once a snapshot showed that the cluster runs with other limits. */
  #refusal;
  #closed = false;

  constructor(url, options = {}) {
    this.#url = url;
    this.#options = { ...DEFAULTS, ...options };
    const common = {
      lazyConnect: true,
      // Fail at once while Redis is away (the client is told), rather than queue messages that go stale.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      autoResubscribe: false,
      retryStrategy: (times) => Math.min(100 * times, 1000),
      connectionName: `call-elements-${this.node}`,
    };
    this.#pub = new Redis(url, common);
    this.#sub = new Redis(url, common);
    for (const [name, conn] of [['pub', this.#pub], ['sub', this.#sub]]) {
      conn.on('error', (error) => this.#say(`call-elements: Redis at ${where(this.#url)} unreachable (${error.code ?? error.message}); clients are refused until it returns`));
      conn.on('ready', () => {
        this.#up[name] = true;
        if (this.#up.pub && this.#up.sub) void this.#sync();
      });
      conn.on('close', () => {
        this.#up[name] = false;
        this.#lost();
      });
    }
    this.#sub.on('message', (_channel, text) => this.#receive(text));
  }

  /** Called by the hub it serves. */
  bind(hub) {
    this.#hub = hub;
  }

  /** Connects; resolves once this process holds the state, or after `waitMs` (it keeps trying, refusing clients meanwhile). */
  start(waitMs = this.#options.startWaitMs) {
    this.#beatTimer = setInterval(() => this.#beat(), this.#options.beatMs);
    this.#beatTimer.unref?.();
    this.#pub.connect().catch(() => undefined);
    this.#sub.connect().catch(() => undefined);
    return this.whenReady(waitMs);
  }

  /** Resolves true once ready, false after `waitMs`; rejects when this process may not join (its limits differ). */
  whenReady(waitMs) {
    if (this.ready) return Promise.resolve(true);
    if (this.#refusal) return Promise.reject(this.#refusal);
    return new Promise((resolve, reject) => {
      const waiter = (ok) => {
        clearTimeout(timer);
        this.#readyWaiters.delete(waiter);
        if (ok instanceof Error) reject(ok);
        else resolve(ok);
      };
      const timer = setTimeout(() => waiter(false), waitMs);
      timer.unref?.();
      this.#readyWaiters.add(waiter);
    });
  }

  /** Publishes one hub event; rejects while this process does not hold the state. */
  publish(ev) {
    if (!this.ready) return Promise.reject(new Error('not ready'));
    return this.#pub.publish(this.#options.channel, JSON.stringify(ev));
  }

  async close() {
    this.#closed = true;
    this.ready = false;
    clearInterval(this.#beatTimer);
    clearTimeout(this.#syncTimer);
    for (const waiter of [...this.#readyWaiters]) waiter(false);
    await Promise.all([this.#pub, this.#sub].map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** One line per change of state, not one per reconnect attempt. */
  #say(line) {
    if (this.#said === line || this.#closed) return;
    this.#said = line;
    console.error(line);
  }

  #lost() {
    if (this.#state === 'down' || this.#state === 'refused' || this.#closed) return;
    this.#state = 'down';
    this.ready = false;
    clearTimeout(this.#syncTimer);
    this.#lastSeen.clear();
    this.#buffer = [];
    this.#hub?.storeLost('The signaling store is unreachable; reconnecting');
  }

  async #sync() {
    if (this.#closed) return;
    clearTimeout(this.#syncTimer);
    this.#state = 'syncing';
    this.ready = false;
    this.#nonce = randomBytes(8).toString('hex');
    this.#seenOwnRequest = false;
    this.#buffer = [];
    try {
      await this.#sub.subscribe(this.#options.channel);
      await this.#pub.publish(this.#options.channel, JSON.stringify({ t: 'sync-request', node: this.node, nonce: this.#nonce }));
    } catch {
      return; // lost again; the next 'ready' starts over
    }
    const nonce = this.#nonce;
    this.#syncTimer = setTimeout(() => {
      if (this.#state !== 'syncing' || this.#nonce !== nonce) return;
      // Nobody answered: this is the first process (or every process lost the state together).
      if (this.#seenOwnRequest) this.#becomeReady(undefined);
      else void this.#sync();
    }, this.#options.syncMs);
    this.#syncTimer.unref?.();
  }

  #refuse() {
    clearTimeout(this.#syncTimer);
    this.#state = 'refused';
    this.#refusal = new Error('This process runs with other limits or another secret than the cluster it would join; give every process the same CALL_ELEMENTS_* settings');
    this.#say(`call-elements: ${this.#refusal.message}`);
    for (const waiter of [...this.#readyWaiters]) waiter(this.#refusal);
    void this.close();
  }

  #becomeReady(snapshot) {
    clearTimeout(this.#syncTimer);
    this.#hub.restore(snapshot);
    const now = Date.now();
    // Processes holding connections in the state are watched from now on, even if they never beat again.
    for (const node of this.#hub.nodesInState()) if (node !== this.node) this.#lastSeen.set(node, now);
    this.#state = 'ready';
    this.ready = true;
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const ev of buffered) this.#apply(ev);
    this.#hub.closeStaleOwn();
    this.#say(`call-elements: in the Redis cluster at ${where(this.#url)} as node ${this.node}`);
    for (const waiter of [...this.#readyWaiters]) waiter(true);
    this.#beat();
  }

  #apply(ev) {
    const from = typeof ev.id === 'string' ? ev.id.slice(0, ev.id.indexOf(':')) : '';
    if (from && from !== this.node) this.#lastSeen.set(from, Date.now());
    this.#hub.apply(ev);
  }

  #receive(text) {
    let ev;
    try {
      ev = JSON.parse(text);
    } catch {
      return;
    }
    if (!ev || typeof ev !== 'object') return;
    switch (ev.t) {
      case 'alive':
        if (ev.node !== this.node && this.#state === 'ready') this.#lastSeen.set(ev.node, Date.now());
        return;
      case 'sync-request':
        if (ev.node === this.node) {
          if (ev.nonce === this.#nonce) {
            this.#seenOwnRequest = true;
            this.#buffer = [];
          }
        } else if (this.#state === 'ready') {
          // Taken now, at the request's place in the order; the requester applies what follows on top.
          const reply = JSON.stringify({ t: 'snapshot', to: ev.node, nonce: ev.nonce, fingerprint: this.#options.fingerprint, state: this.#hub.snapshot() });
          this.#pub.publish(this.#options.channel, reply).catch(() => undefined);
        }
        return;
      case 'snapshot':
        if (this.#state !== 'syncing' || ev.to !== this.node || ev.nonce !== this.#nonce || !this.#seenOwnRequest) return;
        // Every process applies every event with its own limits: with different ones their states would part.
        if (ev.fingerprint !== this.#options.fingerprint) return this.#refuse();
        this.#becomeReady(ev.state);
        return;
      default:
        if (this.#state === 'ready') this.#apply(ev);
        else if (this.#state === 'syncing' && this.#seenOwnRequest) this.#buffer.push(ev);
    }
  }

  #beat() {
    if (!this.ready) return;
    this.#pub.publish(this.#options.channel, JSON.stringify({ t: 'alive', node: this.node })).catch(() => undefined);
    const now = Date.now();
    for (const [node, seen] of this.#lastSeen) {
      if (now - seen <= this.#options.nodeTimeoutMs) continue;
      this.#lastSeen.delete(node);
      const ev = { t: 'node-down', node, id: `${this.node}:down-${node}-${now}`, at: now };
      this.#pub.publish(this.#options.channel, JSON.stringify(ev)).catch(() => undefined);
    }
  }
}

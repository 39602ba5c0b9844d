// The signaling hub: presence, 1:1 invitations, mesh rooms, and relay of SDP/ICE and media state between
// members of the same call or room only. Transport-agnostic: `attach(socket, address)` takes any `ws` socket.
//
// Two halves. The connection half (sockets, heartbeats, per-connection rate limits, parsing, the shared secret)
// belongs to this process. The state half (who is online, calls, rooms, invitations, cooldowns, back-offs) is a
// deterministic machine fed with events: `{t: 'open'|'msg'|'close'|'secret-fail'|'timer'|'node-down', ...}`,
// each stamped with `id` and `at` (the id starts with the publishing process's node). Alone, a hub applies its own events at once. In a cluster (server/cluster/)
// every process publishes its events to one ordered Redis channel and applies everyone's, in the same order,
// so every process holds the same state; each one only writes to the sockets it holds.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { parseMessage } from './protocol.js';
import { DEFAULT_LIMITS } from './limits.js';
import { JanusRooms } from './janus-rooms.js';

export const ROOM_LIMIT = DEFAULT_LIMITS.roomLimit;

/** Every limit is in limits.js, with its environment variable; `secret` and `log` are the only other options. */
const DEFAULTS = { secret: undefined, log: undefined, ...DEFAULT_LIMITS };
/** Bookkeeping maps keyed by what peers choose (addresses, name pairs) never grow past this. */
const MAP_CAP = 10000;

const roomId = (room) => `room:${room}`;
const digest = (s) => createHash('sha256').update(String(s)).digest();
/** A connection's cluster-wide key: `<node>/<n>`; the node part says which process holds its socket. */
const nodeOf = (key) => key.slice(0, key.indexOf('/'));

export class SignalingHub {
  // ---- replicated state: identical in every process of a cluster ----------------------------------------
  /** user → client record { user, displayName, sessions, conn: connection key | null, resume, grace* } (kept while detached, during the grace period). */
  #clients = new Map();
  /** session id → { id, kind: 'direct'|'room', parties: Set<user> (direct), members: Set<user>, caller?, callee?, accepted, gen, deadline? } */
  #sessions = new Map();
  /** connection key → its signed-in client. */
  #byConn = new Map();
  /** connection key → address, for every open connection in the cluster. */
  #connAddress = new Map();
  /** address → open connections from it (cluster-wide). */
  #perAddress = new Map();
  /** address → { fails, blockedUntil } for wrong secrets. */
  #secretFails = new Map();
  /** `caller\ncallee` → time until which the caller may not ring the callee again. */
  #cooldowns = new Map();
  /** Ended direct calls: id → { expires, from, reason }, so no resume or restore brings one back. */
  #ended = new Map();
  /** The `at` of the event being applied: the state half never reads the clock itself. */
  #now = 0;
  /** The `id` of the event being applied, and the node that published it. */
  #eventId = '';
  #origin = '';

  // ---- this process only -----------------------------------------------------------------------------
  /** connection key → { key, socket, address, alive, tokens, last, warnedAt, beats } for the sockets held here. */
  #local = new Map();
  /** Presence changes not yet sent to this process's sockets: user → entry; flushed as one batch every presenceMs. */
  #presenceDirty = new Map();
  #presenceTimer;
  #options;
  #heartbeat;
  #log;
  #node;
  #seq = 0;
  #closed = false;
  /** Rooms route media through Janus when the `janus` option (CALL_ELEMENTS_JANUS) is set; else meshes. */
  #janus = null;
  /** VideoRoom tickets held when the cluster's store was lost, checked against the state once back (closeStaleOwn). */
  #orphanTickets = [];
  stats = { received: 0, relayed: 0, rejected: 0, presenceBatches: 0 };

  constructor(options = {}) {
    this.#options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.#log = this.#options.log;
    this.#node = this.#log?.node ?? 'local';
    this.#log?.bind(this);
    this.#heartbeat = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    this.#heartbeat.unref?.();
    if (this.#options.janus) {
      this.#janus = new JanusRooms(this.#options);
      this.#janus.onDrop = () => this.#janusDropped();
    }
  }

  get options() {
    return this.#options;
  }

  /** This process's name in a cluster ('local' alone). */
  get node() {
    return this.#node;
  }

  close() {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#presenceTimer);
    this.#janus?.close();
    this.#clearTimers();
    for (const conn of this.#local.values()) conn.socket.terminate();
    this.#local.clear();
    this.#clients.clear();
    this.#sessions.clear();
    this.#byConn.clear();
  }

  // ---- events ------------------------------------------------------------------------------------------

  /**
   * Records something that happened here. Alone it is applied at once; in a cluster it is published and
   * applied when it comes back in the shared order. `onFail` runs when the cluster could not take it.
   */
  #emit(event, onFail) {
    if (this.#closed) return;
    const ev = { ...event, id: `${this.#node}:${++this.#seq}`, at: Date.now() };
    if (!this.#log) return this.apply(ev);
    this.#log.publish(ev).catch(() => onFail?.());
  }

  /** Applies one event to the state (called by the cluster log for every process's events, in order). */
  apply(ev) {
    this.#now = ev.at;
    this.#eventId = String(ev.id ?? '');
    this.#origin = this.#eventId.slice(0, Math.max(0, this.#eventId.indexOf(':')));
    try {
      switch (ev.t) {
        case 'open': return this.#open(ev.c, ev.address);
        case 'msg': return this.#onMessage(ev.c, ev.msg, ev);
        case 'close': return this.#onClose(ev.c, ev.code);
        case 'secret-fail': return this.#secretFailed(ev.address);
        case 'timer': return this.#timerFired(ev);
        case 'node-down': return this.#nodeDown(ev.node);
        case 'janus-room': return this.#janusRoomMade(ev);
        case 'janus-lost': return this.#videoRoomsLost(ev.rooms);
      }
    } catch (error) {
      // A bug here must cost one message, never the process.
      if (ev.t === 'msg') this.#error(ev.c, 'server-error', `Internal error: ${error instanceof Error ? error.message.slice(0, 120) : 'unknown'}`);
    }
  }

  /** A process stopped beating: its connections dropped without a goodbye (grace applies); it fences itself. */
  #nodeDown(node) {
    for (const key of [...this.#connAddress.keys()]) if (nodeOf(key) === node) this.#onClose(key, 1006);
    // Rooms whose VideoRoom it was still making: the process that noticed takes over (the deadline stays).
    for (const s of this.#sessions.values()) {
      if (s.kind === 'room' && s.janus === null && s.owner === node && s.members.size > 0) this.#makeVideoRoom(s, s.deadline - this.#now);
    }
    if (node === this.#node) for (const conn of this.#local.values()) conn.socket.terminate();
  }

  // ---- timers: armed in every process, fired as events (duplicates are no-ops: `gen` must still match) ----

  #arm(target, kind, key, delayMs) {
    clearTimeout(target.timer);
    target.deadline = this.#now + delayMs;
    const gen = target.gen;
    target.timer = setTimeout(() => this.#emit({ t: 'timer', kind, key, gen }), Math.max(0, target.deadline - Date.now()));
    target.timer.unref?.();
  }

  #disarm(target) {
    clearTimeout(target.timer);
    target.timer = undefined;
    target.deadline = undefined;
  }

  #timerFired({ kind, key, gen }) {
    if (kind === 'grace') {
      const client = this.#clients.get(key);
      if (client?.gen === gen) this.#forget(client);
      return;
    }
    const s = this.#sessions.get(key);
    if (!s || s.gen !== gen) return;
    if (kind === 'ring') this.#ringTimeout(s);
    else if (kind === 'restore') this.#restoreExpired(s);
    else if (kind === 'janus') this.#refuseWaiting(s, 'The media server (Janus) did not open the room in time');
  }

  #clearTimers() {
    for (const s of this.#sessions.values()) clearTimeout(s.timer);
    for (const c of this.#clients.values()) clearTimeout(c.timer);
  }

  // ---- cluster snapshots: how a process that joins (or comes back) gets the state --------------------

  /** The whole replicated state as plain JSON. */
  snapshot() {
    const plain = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'timer').map(([k, v]) => [k, v instanceof Set ? [...v] : v instanceof Map ? [...v] : v]));
    return {
      clients: [...this.#clients.values()].map(plain),
      sessions: [...this.#sessions.values()].map(plain),
      byConn: [...this.#byConn].map(([key, c]) => [key, c.user]),
      connAddress: [...this.#connAddress],
      secretFails: [...this.#secretFails],
      cooldowns: [...this.#cooldowns],
      ended: [...this.#ended],
    };
  }

  /** Replaces the replicated state with a snapshot (or empties it) and re-arms its timers here. */
  restore(snap) {
    this.#clearTimers();
    this.#clients = new Map((snap?.clients ?? []).map((c) => [c.user, { ...c, sessions: new Set(c.sessions) }]));
    this.#sessions = new Map((snap?.sessions ?? []).map((s) => [s.id, { ...s, parties: s.parties && new Set(s.parties), members: new Set(s.members), states: new Map(s.states) }]));
    this.#byConn = new Map((snap?.byConn ?? []).map(([key, user]) => [key, this.#clients.get(user)]).filter(([, c]) => c));
    this.#connAddress = new Map(snap?.connAddress ?? []);
    this.#perAddress = new Map();
    for (const address of this.#connAddress.values()) this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    this.#secretFails = new Map(snap?.secretFails ?? []);
    this.#cooldowns = new Map(snap?.cooldowns ?? []);
    this.#ended = new Map(snap?.ended ?? []);
    this.#now = Date.now();
    for (const s of this.#sessions.values()) {
      if (s.deadline !== undefined) this.#arm(s, s.kind === 'room' ? 'janus' : s.pending ? 'restore' : 'ring', s.id, s.deadline - this.#now);
    }
    for (const c of this.#clients.values()) if (c.deadline !== undefined) this.#arm(c, 'grace', c.user, c.deadline - this.#now);
    if ([...this.#sessions.values()].some((s) => s.janus)) this.#janus?.watch();
  }

  /**
   * After this process (re)joined: connections the state still lists here but this process no longer holds
   * (it lost Redis and closed them, unannounced) are closed for everyone, so their clients get their grace.
   */
  closeStaleOwn() {
    for (const key of [...this.#connAddress.keys()]) if (nodeOf(key) === this.#node && !this.#local.has(key)) this.#emit({ t: 'close', c: key, code: 1006 });
    // VideoRooms known before the store was lost that the cluster's state no longer has: nobody hands them out
    // again (their members rejoin into new ones), so they go. Still known: still live, kept.
    const known = new Set([...this.#sessions.values()].map((s) => s.janus?.id));
    for (const ticket of this.#orphanTickets.splice(0)) if (!known.has(ticket.id)) void this.#janus?.destroy(ticket);
  }

  /** The nodes that hold connections in the replicated state (a process that joins watches them for life). */
  nodesInState() {
    return new Set([...this.#connAddress.keys()].map(nodeOf));
  }

  /**
   * The cluster's shared state is gone or untrustworthy (Redis lost): every socket here is told why and
   * closed, so its client reconnects and claims its calls again; the state starts empty.
   */
  storeLost(message) {
    for (const s of this.#sessions.values()) if (s.janus) this.#orphanTickets.push(s.janus);
    for (const conn of this.#local.values()) {
      this.#sendLocal(conn, { type: 'error', code: 'server-error', message });
      conn.refused = true;
      conn.socket.close(1012, 'store unavailable');
    }
    this.restore(undefined);
  }

  // ---- connections (this process) ----------------------------------------------------------------------

  /**
   * Takes a freshly upgraded socket from `address`. Over the connection limits (or while a cluster's store is
   * unreachable) it is told why (a typed error a browser can read, unlike a refused upgrade) and closed.
   * Nothing a peer sends can throw out of here.
   */
  attach(socket, address = '') {
    socket.on('error', () => undefined); // ws reports protocol errors, then closes; 'close' cleans up
    const { maxConnections } = this.#options;
    const refuse = (msg, code = 1013) => {
      this.stats.rejected++;
      socket.send(JSON.stringify({ type: 'error', ...msg }));
      socket.close(code, 'try again later');
    };
    if (this.#log && !this.#log.ready) {
      return refuse({ code: 'server-error', message: 'The signaling store is unreachable; try again shortly' });
    }
    // The total is per process: it guards this process's file descriptors.
    if (this.#local.size >= maxConnections) {
      return refuse({ code: 'rate-limited', limit: 'connections', message: `The server is full (${maxConnections} connections); try again later` });
    }
    const key = `${this.#node}/${++this.#seq}`;
    const conn = { key, socket, address, alive: true, tokens: this.#options.burst, last: Date.now(), warnedAt: 0, beats: 0, refused: false };
    this.#local.set(key, conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => {
      try {
        this.#receive(conn, data, isBinary);
      } catch (error) {
        this.#errorLocal(conn, 'server-error', `Internal error: ${error instanceof Error ? error.message.slice(0, 120) : 'unknown'}`);
      }
    });
    socket.on('close', (code) => {
      this.#local.delete(key);
      if (!conn.refused) this.#emit({ t: 'close', c: key, code });
    });
    this.#emit({ t: 'open', c: key, address }, () => {
      this.#errorLocal(conn, 'server-error', 'The signaling store is unreachable; try again shortly');
      conn.refused = true;
      socket.close(1013, 'try again later');
    });
  }

  /** Applied: a connection opened somewhere; over its address's limit (cluster-wide) it is refused. */
  #open(key, address) {
    const fromAddress = this.#perAddress.get(address) ?? 0;
    const { maxConnectionsPerAddress } = this.#options;
    if (fromAddress >= maxConnectionsPerAddress) {
      const conn = this.#local.get(key);
      if (conn) {
        conn.refused = true;
        this.#errorLocal(conn, 'rate-limited', `Too many connections from your address (at most ${maxConnectionsPerAddress})`, undefined, 'connections-per-address');
        conn.socket.close(1013, 'try again later');
      }
      return;
    }
    this.#perAddress.set(address, fromAddress + 1);
    this.#connAddress.set(key, address);
  }

  #beat() {
    for (const conn of this.#local.values()) {
      // Dead peers (no pong), and connections that never said hello, are dropped.
      if (!conn.alive || (!this.#byConn.has(conn.key) && ++conn.beats > 1)) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.socket.ping();
      } catch {
        conn.socket.terminate();
      }
    }
  }

  #sendLocal(conn, msg) {
    if (conn?.socket.readyState === 1) conn.socket.send(JSON.stringify(msg));
  }

  /** Sends to a connection by key, if its socket is held here (in a cluster, the process holding it sends). */
  #send(key, msg) {
    if (key) this.#sendLocal(this.#local.get(key), msg);
  }

  #sendTo(user, msg) {
    const c = this.#clients.get(user);
    if (c?.conn) {
      this.#send(c.conn, msg);
      return this.#local.has(c.conn);
    }
    return false;
  }

  #errorLocal(conn, code, message, ref, limit) {
    this.stats.rejected++;
    this.#sendLocal(conn, { type: 'error', code, message, ...(ref ? { ref } : {}), ...(limit ? { limit } : {}) });
  }

  #error(key, code, message, ref, limit) {
    const conn = this.#local.get(key);
    if (conn) this.#errorLocal(conn, code, message, ref, limit);
  }

  /** Drops the oldest entries of a bookkeeping map once it reaches the cap. */
  #bound(map) {
    for (const key of map.keys()) {
      if (map.size < MAP_CAP) return;
      map.delete(key);
    }
  }

  #takeToken(conn) {
    const now = Date.now();
    conn.tokens = Math.min(this.#options.burst, conn.tokens + ((now - conn.last) / 1000) * this.#options.rate);
    conn.last = now;
    if (conn.tokens < 1) return false;
    conn.tokens -= 1;
    return true;
  }

  /** A message from a socket held here: limited and validated here, then recorded as an event. */
  #receive(conn, data, isBinary) {
    if (conn.refused) return;
    this.stats.received++;
    // The message rate is per connection, so it is counted where the connection is.
    if (!this.#takeToken(conn)) {
      // One error per second at most, so a flood cannot make us flood back.
      const now = Date.now();
      if (now - conn.warnedAt > 1000) {
        conn.warnedAt = now;
        this.#errorLocal(conn, 'rate-limited', `Too many messages: at most ${this.#options.rate} per second`);
      } else this.stats.rejected++;
      return;
    }
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > this.#options.maxMessageBytes) return this.#errorLocal(conn, 'too-large', `Messages are limited to ${this.#options.maxMessageBytes} bytes`);
    if (isBinary) return this.#errorLocal(conn, 'invalid-message', 'Binary messages are not accepted');
    const parsed = parseMessage(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
    if (!parsed.ok) return this.#errorLocal(conn, 'invalid-message', parsed.message);
    const msg = parsed.msg;
    // The browser's own heartbeat (it cannot see WebSocket pings): answered, and proof of life.
    if (msg.type === 'ping') {
      conn.alive = true;
      return this.#sendLocal(conn, { type: 'pong' });
    }
    let token;
    if (msg.type === 'hello') {
      if (this.#byConn.has(conn.key)) return this.#errorLocal(conn, 'already-signed-in', 'This connection is already signed in');
      if (!this.#secretAccepted(conn, msg)) return;
      // Made here, so every process of a cluster stores the same token.
      token = randomBytes(18).toString('base64url');
    }
    const ref = msg.callId ?? msg.room;
    this.#emit({ t: 'msg', c: conn.key, msg, ...(token ? { token } : {}) }, () => {
      this.#errorLocal(conn, 'server-error', 'The signaling store is unreachable; your message was not delivered', ref);
    });
  }

  /** The shared secret, checked where the socket is; wrong guesses are counted cluster-wide per address. */
  #secretAccepted(conn, msg) {
    const secret = this.#options.secret;
    if (!secret) return true;
    const now = Date.now();
    const fails = this.#secretFails.get(conn.address);
    if (fails && fails.blockedUntil > now) {
      this.#errorLocal(conn, 'rate-limited', `Too many wrong secrets from your address; try again in ${Math.ceil((fails.blockedUntil - now) / 1000)} s`, undefined, 'secret');
      conn.refused = true;
      conn.socket.close(4029, 'rate-limited');
      return false;
    }
    if (!(typeof msg.secret === 'string' && timingSafeEqual(digest(msg.secret), digest(secret)))) {
      this.#emit({ t: 'secret-fail', address: conn.address });
      this.#errorLocal(conn, 'auth-failed', 'Wrong or missing shared secret');
      conn.socket.close(4001, 'auth-failed');
      return false;
    }
    return true;
  }

  #secretFailed(address) {
    const entry = this.#secretFails.get(address) ?? { fails: 0, blockedUntil: 0 };
    entry.fails++;
    const over = entry.fails - this.#options.secretFailures;
    if (over >= 0) entry.blockedUntil = this.#now + Math.min(60000, 1000 * 2 ** Math.min(over, 6));
    this.#secretFails.delete(address);
    this.#bound(this.#secretFails);
    this.#secretFails.set(address, entry);
  }

  /** Applied: a validated message from connection `key`. */
  #onMessage(key, msg, ev) {
    if (!this.#connAddress.has(key)) return; // refused, or closed before its messages were applied
    if (msg.type === 'hello') return this.#hello(key, msg, ev);
    const client = this.#byConn.get(key);
    if (!client) return this.#error(key, 'not-signed-in', 'Send hello first', msg.callId ?? msg.room);
    switch (msg.type) {
      case 'invite': return this.#invite(client, msg, ev);
      case 'accept': return this.#accept(client, msg);
      case 'reject': return this.#endInvite(client, msg, 'callee', 'rejected');
      case 'cancel': return this.#endInvite(client, msg, 'caller', 'cancelled');
      case 'hangup': return this.#hangup(client, msg);
      case 'join': return this.#join(client, msg.room);
      case 'leave': return this.#leaveSession(client, roomId(msg.room), 'left', true);
      case 'signal': return this.#signal(client, msg);
      case 'state': return this.#state(client, msg);
    }
  }

  // ---- presence -------------------------------------------------------------------------------------

  #hello(key, msg, ev) {
    if (this.#byConn.has(key)) return this.#error(key, 'already-signed-in', 'This connection is already signed in');
    if (this.#options.secret) this.#secretFails.delete(this.#connAddress.get(key));
    let client = this.#clients.get(msg.user);
    if (client) {
      const resumed = msg.resume && client.resume && timingSafeEqual(digest(msg.resume), digest(client.resume));
      if (!resumed) return this.#error(key, 'user-taken', `The name ${msg.user} is already online`);
      // The same client came back: the old socket (if any) is stale.
      this.#disarm(client);
      if (client.conn && client.conn !== key) {
        this.#byConn.delete(client.conn);
        this.#local.get(client.conn)?.socket.terminate();
      }
    } else {
      client = { user: msg.user, displayName: msg.displayName || msg.user, sessions: new Set(), conn: null, resume: '', gen: '' };
      this.#clients.set(msg.user, client);
    }
    client.displayName = msg.displayName || msg.user;
    client.conn = key;
    client.gen = ev.id;
    client.resume = ev.token;
    this.#byConn.set(key, client);
    const gone = this.#restoreCalls(client, msg.calls ?? [], ev);
    const online = [];
    let onlineTotal = 0;
    for (const c of this.#clients.values()) {
      if (c === client || !c.conn) continue;
      if (online.length < this.#options.welcomeOnlineLimit) online.push(this.#presenceOf(c));
      onlineTotal++;
    }
    const calls = [...client.sessions].filter((id) => this.#sessions.get(id)?.kind === 'direct');
    this.#send(key, { type: 'welcome', user: client.user, resume: client.resume, online, onlineTotal, calls });
    // Calls it claims that ended meanwhile end for it too; the others' media state is replayed.
    for (const { callId, from, reason } of gone) this.#send(key, { type: 'hangup', callId, from, reason });
    for (const id of calls) this.#replayStates(client, this.#sessions.get(id));
    this.#broadcastPresence(client, true);
    for (const room of msg.rooms ?? []) this.#join(client, room, true);
  }

  #presenceOf(c) {
    return { user: c.user, displayName: c.displayName, busy: c.sessions.size > 0 };
  }

  /**
   * Presence is coalesced: changes wait up to presenceMs and go out as one `presence-batch` of diffs (the
   * latest entry per changed user), so churn costs each recipient a few messages a second, not one per change.
   */
  #broadcastPresence(client, online) {
    this.#presenceDirty.set(client.user, { ...this.#presenceOf(client), online });
    this.#presenceTimer ??= setTimeout(() => this.#flushPresence(), this.#options.presenceMs);
    this.#presenceTimer.unref?.();
  }

  #flushPresence() {
    this.#presenceTimer = undefined;
    if (this.#presenceDirty.size === 0) return;
    const text = JSON.stringify({ type: 'presence-batch', changes: [...this.#presenceDirty.values()] });
    this.#presenceDirty.clear();
    this.stats.presenceBatches++;
    for (const c of this.#clients.values()) {
      const conn = c.conn && this.#local.get(c.conn);
      if (conn?.socket.readyState === 1) conn.socket.send(text);
    }
  }

  /** Applied: a connection closed (or its process died: code 1006). */
  #onClose(key, code) {
    const address = this.#connAddress.get(key);
    if (address === undefined) return;
    this.#connAddress.delete(key);
    const left = (this.#perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.#perAddress.set(address, left);
    else this.#perAddress.delete(address);
    const client = this.#byConn.get(key);
    this.#byConn.delete(key);
    if (!client || client.conn !== key) return;
    client.conn = null;
    this.#broadcastPresence(client, false);
    // A client that said goodbye (normal closure, page going away) is gone at once; a dropped one may return.
    if (code === 1000 || code === 1001) return this.#forget(client);
    this.#arm(client, 'grace', client.user, this.#options.graceMs);
  }

  #forget(client) {
    if (client.conn || this.#clients.get(client.user) !== client) return;
    this.#disarm(client);
    for (const id of [...client.sessions]) this.#leaveSession(client, id, 'network', false);
    this.#clients.delete(client.user);
  }

  #endedCall(id) {
    const ended = this.#ended.get(id);
    if (ended && ended.expires < this.#now) {
      this.#ended.delete(id);
      return undefined;
    }
    return ended;
  }

  #rememberEnded(s, from, reason) {
    this.#ended.delete(s.id);
    while (this.#ended.size >= this.#options.endedCallMax) this.#ended.delete(this.#ended.keys().next().value);
    this.#ended.set(s.id, { expires: this.#now + this.#options.endedCallTtlMs, from, reason });
  }

  /**
   * After a reconnect or a server restart. A call this server still has carries on. A call it remembers as
   * ended stays ended (returned, so the claimant is told). A call it never heard of (a restart) is restored
   * only when both parties claim it: the first claim waits restoreMs for the second, then ends with network.
   */
  #restoreCalls(client, claims, ev) {
    const gone = [];
    for (const { callId, peer } of claims) {
      if (peer === client.user) continue;
      const ended = this.#endedCall(callId);
      if (ended) {
        gone.push({ callId, from: ended.from === client.user ? peer : ended.from, reason: ended.from === client.user ? 'ended' : ended.reason });
        continue;
      }
      let s = this.#sessions.get(callId);
      if (!s) {
        s = { id: callId, kind: 'direct', parties: new Set([client.user, peer]), members: new Set(), accepted: true, caller: client.user, callee: peer, pending: true, states: new Map(), gen: ev.id };
        this.#arm(s, 'restore', callId, this.#options.restoreMs);
        this.#sessions.set(callId, s);
      } else if (s.pending && s.parties.has(client.user) && !s.members.has(client.user)) {
        s.pending = false;
        this.#disarm(s);
      }
      if (s.kind !== 'direct' || !s.parties.has(client.user) || !s.parties.has(peer) || !s.accepted) {
        gone.push({ callId, from: peer, reason: 'ended' });
        continue;
      }
      s.members.add(client.user);
      client.sessions.add(callId);
    }
    return gone;
  }

  #restoreExpired(s) {
    if (this.#sessions.get(s.id) !== s || !s.pending) return;
    const [claimant] = s.members;
    const peer = [...s.parties].find((u) => u !== claimant);
    this.#sendTo(claimant, { type: 'hangup', callId: s.id, from: peer, reason: 'network' });
    this.#rememberEnded(s, peer, 'network');
    this.#dropSession(s);
  }

  /** Tells a returning member the last media state of everyone else in the call or room. */
  #replayStates(client, s) {
    if (!s?.states) return;
    for (const [user, state] of s.states) {
      if (user !== client.user && s.members.has(user)) this.#send(client.conn, { type: 'state', callId: s.id, from: user, ...state });
    }
  }

  // ---- 1:1 calls ------------------------------------------------------------------------------------

  #invite(client, msg, ev) {
    const { callId, to } = msg;
    if (this.#sessions.has(callId)) return this.#error(client.conn, 'invalid-message', 'That call id is in use', callId);
    if (to === client.user) return this.#error(client.conn, 'invalid-message', 'You cannot call yourself', callId);
    const ringing = [...client.sessions].filter((id) => {
      const other = this.#sessions.get(id);
      return other?.kind === 'direct' && !other.accepted && other.caller === client.user;
    }).length;
    if (ringing >= this.#options.maxRinging) {
      return this.#error(client.conn, 'rate-limited', `At most ${this.#options.maxRinging} invitations may ring at once`, callId, 'ringing');
    }
    const pair = `${client.user}\n${to}`;
    const waitMs = (this.#cooldowns.get(pair) ?? 0) - this.#now;
    if (waitMs > 0) {
      return this.#error(client.conn, 'rate-limited', `You called ${to} a moment ago; try again in ${Math.ceil(waitMs / 1000)} s`, callId, 'reinvite');
    }
    this.#cooldowns.delete(pair);
    const callee = this.#clients.get(to);
    if (!callee?.conn) return this.#error(client.conn, 'user-offline', `${to} is not online`, callId);
    if (callee.sessions.size > 0) return this.#error(client.conn, 'busy', `${to} is in another call`, callId);
    const s = { id: callId, kind: 'direct', parties: new Set([client.user, to]), members: new Set([client.user]), caller: client.user, callee: to, accepted: false, states: new Map(), gen: ev.id };
    this.#arm(s, 'ring', callId, this.#options.ringMs);
    this.#sessions.set(callId, s);
    client.sessions.add(callId);
    callee.sessions.add(callId);
    this.#send(callee.conn, { type: 'invite', callId, from: client.user, displayName: client.displayName, video: msg.video ?? false });
    this.#send(client.conn, { type: 'ringing', callId, to, displayName: callee.displayName });
    this.#broadcastPresence(client, true);
    this.#broadcastPresence(callee, true);
  }

  #ringTimeout(s) {
    if (this.#sessions.get(s.id) !== s || s.accepted) return;
    this.#sendTo(s.caller, { type: 'hangup', callId: s.id, from: s.callee, reason: 'no-answer' });
    this.#sendTo(s.callee, { type: 'cancelled', callId: s.id, from: s.caller, reason: 'no-answer' });
    this.#dropSession(s, s.callee, 'no-answer');
  }

  /** An invitation that ended unanswered: the caller waits before ringing the same person again. */
  #coolDown(s) {
    if (s.kind !== 'direct' || s.accepted || !s.caller) return;
    const pair = `${s.caller}\n${s.callee}`;
    this.#cooldowns.delete(pair);
    this.#bound(this.#cooldowns);
    this.#cooldowns.set(pair, this.#now + this.#options.reinviteCooldownMs);
  }

  #direct(client, callId, role) {
    const s = this.#sessions.get(callId);
    if (!s || s.kind !== 'direct' || !s.parties.has(client.user) || (role && s[role] !== client.user)) {
      this.#error(client.conn, 'not-found', 'No such call for you', callId);
      return null;
    }
    return s;
  }

  #accept(client, msg) {
    const s = this.#direct(client, msg.callId, 'callee');
    if (!s) return;
    if (s.accepted) return this.#error(client.conn, 'invalid-message', 'This call was already answered', msg.callId);
    s.accepted = true;
    this.#disarm(s);
    s.members.add(client.user);
    this.#sendTo(s.caller, { type: 'accepted', callId: s.id, from: client.user });
  }

  #endInvite(client, msg, role, outcome) {
    const s = this.#direct(client, msg.callId, role);
    if (!s) return;
    if (s.accepted) return this.#error(client.conn, 'invalid-message', 'This call was already answered; hang up instead', msg.callId);
    const other = role === 'caller' ? s.callee : s.caller;
    this.#sendTo(other, { type: outcome, callId: s.id, from: client.user });
    this.#dropSession(s, client.user, outcome);
  }

  #hangup(client, msg) {
    const s = this.#sessions.get(msg.callId);
    if (!s || !s.members.has(client.user)) return this.#error(client.conn, 'not-found', 'You are not in that call', msg.callId);
    this.#leaveSession(client, s.id, msg.reason ?? 'hung-up', true);
  }

  /** Ends a session; a direct call is remembered as ended (by `from`, for `reason`) so it stays ended. */
  #dropSession(s, from, reason) {
    this.#disarm(s);
    this.#sessions.delete(s.id);
    if (s.kind === 'direct') {
      this.#coolDown(s);
      if (from && !this.#ended.has(s.id)) this.#rememberEnded(s, from, reason);
    }
    const users = s.kind === 'direct' ? s.parties : s.members;
    for (const user of users) {
      const c = this.#clients.get(user);
      if (c?.sessions.delete(s.id)) this.#broadcastPresence(c, !!c.conn);
    }
  }

  /** A member leaves a call or room; the others are told; a direct call ends for both. */
  #leaveSession(client, id, reason, ack) {
    const s = this.#sessions.get(id);
    if (!s || !(s.members.has(client.user) || (s.kind === 'direct' && s.parties.has(client.user)))) {
      if (ack) this.#error(client.conn, 'not-found', 'You are not in that call', id);
      return;
    }
    if (s.kind === 'direct') {
      for (const user of s.parties) {
        if (user === client.user) continue;
        // An unanswered invitation whose caller vanished rings off as cancelled.
        this.#sendTo(user, s.accepted ? { type: 'hangup', callId: id, from: client.user, reason } : { type: 'cancelled', callId: id, from: client.user, reason });
      }
      this.#dropSession(s, client.user, reason);
      return;
    }
    s.members.delete(client.user);
    s.states?.delete(client.user);
    if (s.waiting) s.waiting = s.waiting.filter((user) => user !== client.user);
    client.sessions.delete(id);
    for (const user of this.#seated(s)) this.#sendTo(user, { type: 'peer-left', callId: id, user: client.user, reason });
    if (s.members.size === 0) {
      this.#disarm(s);
      this.#sessions.delete(id);
      // Empty in the shared order: every process of a cluster sees it at the same point, any of them may
      // destroy the VideoRoom (Janus destroys it once; the secret is in every process's state).
      if (s.janus) void this.#janus?.destroy(s.janus);
    }
    this.#broadcastPresence(client, !!client.conn);
  }

  // ---- rooms ----------------------------------------------------------------------------------------

  #join(client, room, rejoin = false) {
    const id = roomId(room);
    let s = this.#sessions.get(id);
    if (s?.members.has(client.user)) {
      if (!rejoin) return this.#error(client.conn, 'invalid-message', 'You are already in that room', id);
    } else {
      const rooms = [...client.sessions].filter((sid) => this.#sessions.get(sid)?.kind === 'room').length;
      if (rooms >= this.#options.maxRoomsPerConnection) {
        return this.#error(client.conn, 'rate-limited', `A connection may be in at most ${this.#options.maxRoomsPerConnection} rooms at once`, id, 'rooms');
      }
      if (!s) {
        s = { id, kind: 'room', room, members: new Set(), accepted: true, states: new Map() };
        this.#sessions.set(id, s);
        if (this.#janus) this.#openVideoRoom(s);
      }
      const limit = this.#janus?.publishers ?? this.#options.roomLimit;
      if (s.members.size >= limit) return this.#error(client.conn, 'room-full', `Room ${room} is full (${limit} people)`, id);
      s.members.add(client.user);
      client.sessions.add(id);
    }
    if (this.#janus) {
      // Media through Janus: `joined` carries the VideoRoom's seat, once the room's VideoRoom exists.
      if (!s.janus) {
        if (!s.waiting.includes(client.user)) s.waiting.push(client.user);
        return;
      }
      return this.#announceJoin(client, s, { janus: this.#janus.seat(s.janus) });
    }
    this.#announceJoin(client, s);
  }

  /** The members told they are in (with Janus, those not still waiting for the VideoRoom). */
  #seated(s) {
    return s.waiting?.length ? [...s.members].filter((user) => !s.waiting.includes(user)) : [...s.members];
  }

  /**
   * Applied: a room came to be (its first join in the shared order). The process that published that join
   * creates the VideoRoom and publishes its ticket (`janus-room`); every process hands it to its own members
   * when that event is applied. Joins wait for it at most `ticketMs` (a `janus` timer, like every timer here).
   */
  #openVideoRoom(s) {
    s.janus = null;
    s.waiting = [];
    this.#makeVideoRoom(s, this.#janus.ticketMs);
  }

  /** The applied event's publisher makes the room's VideoRoom (a ticket for an earlier try is destroyed on arrival). */
  #makeVideoRoom(s, waitMs) {
    s.gen = this.#eventId;
    s.owner = this.#origin;
    this.#arm(s, 'janus', s.id, waitMs);
    if (this.#origin !== this.#node) return;
    const incarnation = s.gen;
    this.#janus.create(s.room).then(
      // Not taken by the cluster (Redis lost): nobody will ever hand it out, so it goes at once.
      (ticket) => this.#emit({ t: 'janus-room', key: s.id, incarnation, ticket }, () => void this.#janus?.destroy(ticket)),
      (error) => this.#emit({ t: 'janus-room', key: s.id, incarnation, failed: error instanceof Error ? error.message.slice(0, 120) : 'error' }),
    );
  }

  /** Applied: the VideoRoom for a room was made (or could not be). */
  #janusRoomMade(ev) {
    const s = this.#sessions.get(ev.key);
    if (!this.#janus || !s || s.gen !== ev.incarnation || s.janus) {
      // The room emptied (or its joins timed out) first: nobody will use this VideoRoom.
      if (ev.ticket) void this.#janus?.destroy(ev.ticket);
      return;
    }
    this.#disarm(s);
    if (!ev.ticket) return this.#refuseWaiting(s, 'The media server (Janus) is unavailable');
    s.janus = ev.ticket;
    // Every process holds a connection to Janus while VideoRooms live, so any of them notices Janus going.
    this.#janus.watch();
    // One at a time, in join order: each is told of those already seated, and they of it.
    while (s.waiting.length) {
      const client = this.#clients.get(s.waiting.shift());
      if (client && s.members.has(client.user)) this.#announceJoin(client, s, { janus: this.#janus.seat(s.janus) });
    }
  }

  /**
   * This process's connection to Janus dropped (Janus crashed or restarted: its VideoRooms are gone). The rooms
   * whose VideoRoom no longer exists are published as lost; in a cluster every process may notice and publish
   * the same ids, which only count for rooms still holding those tickets (a VideoRoom made since is kept).
   */
  #janusDropped() {
    const tickets = [...this.#sessions.values()].filter((s) => s.kind === 'room' && s.janus).map((s) => s.janus);
    if (!tickets.length || this.#closed) return;
    void this.#janus.vanished(tickets).then((rooms) => {
      if (rooms.length) this.#emit({ t: 'janus-lost', rooms });
    });
  }

  /**
   * Applied: these VideoRooms are gone. Their rooms end for every member (an `error` and a `hangup`, network;
   * each page's own seat most likely told it already) and are forgotten, so the next join makes the room again with a new
   * VideoRoom through the usual first-join path (one per room in a cluster too).
   */
  #videoRoomsLost(ids) {
    const lost = new Set(ids);
    for (const s of [...this.#sessions.values()]) {
      if (s.kind !== 'room' || !s.janus || !lost.has(s.janus.id)) continue;
      for (const user of s.members) {
        // A typed error for the page to show, then the end (whichever of this and its own seat comes first ends it).
        this.#sendTo(user, { type: 'error', code: 'network', message: 'The media server (Janus) lost this room', ref: s.id });
        this.#sendTo(user, { type: 'hangup', callId: s.id, from: '', reason: 'network' });
      }
      this.#dropSession(s);
      // Unreachable is not proof of gone: should it come back, it is removed (426 when already gone is fine).
      void this.#janus?.destroy(s.janus);
    }
  }

  /** Everyone still waiting for the room's VideoRoom is refused (typed) and out of the room. */
  #refuseWaiting(s, message) {
    if (this.#sessions.get(s.id) !== s || s.janus) return;
    for (const user of [...(s.waiting ?? [])]) {
      const client = this.#clients.get(user);
      if (!client) continue;
      this.#leaveSession(client, s.id, 'network', false);
      this.#error(client.conn, 'server-error', message, s.id);
    }
  }

  #announceJoin(client, s, extra = {}) {
    const { id, room } = s;
    const members = this.#seated(s).filter((u) => u !== client.user).map((u) => this.#clients.get(u)).filter(Boolean);
    this.#send(client.conn, { type: 'joined', callId: id, room, members: members.map((c) => ({ user: c.user, displayName: c.displayName })), ...extra });
    this.#replayStates(client, s);
    for (const m of members) this.#send(m.conn, { type: 'peer-joined', callId: id, user: client.user, displayName: client.displayName });
    this.#broadcastPresence(client, true);
  }

  // ---- relay ----------------------------------------------------------------------------------------

  #member(client, id) {
    const s = this.#sessions.get(id);
    if (!s || !s.members.has(client.user)) {
      this.#error(client.conn, 'forbidden', 'You are not in that call', id);
      return null;
    }
    return s;
  }

  #signal(client, msg) {
    const s = this.#member(client, msg.callId);
    if (!s) return;
    // A direct call's other party may not have come back yet (restore pending): its signals are dropped.
    const inCall = s.kind === 'direct' ? s.parties.has(msg.to) : s.members.has(msg.to);
    if (!inCall || msg.to === client.user) return this.#error(client.conn, 'forbidden', `${msg.to} is not in that call`, msg.callId);
    if (!msg.description === !msg.candidate) return this.#error(client.conn, 'invalid-message', 'A signal carries exactly one of description or candidate', msg.callId);
    if (!s.members.has(msg.to)) return;
    const out = { type: 'signal', callId: s.id, from: client.user, ...(msg.description ? { description: msg.description } : { candidate: msg.candidate }) };
    if (this.#sendTo(msg.to, out)) this.stats.relayed++;
  }

  #state(client, msg) {
    const s = this.#member(client, msg.callId);
    if (!s) return;
    const { type: _type, callId: _id, ...state } = msg;
    // Kept, so a member who was away (or comes back after a restart) is told the latest on return.
    s.states ??= new Map();
    s.states.set(client.user, { ...s.states.get(client.user), ...state });
    const text = JSON.stringify({ type: 'state', callId: s.id, from: client.user, ...state });
    for (const user of this.#seated(s)) {
      if (user === client.user) continue;
      const c = this.#clients.get(user);
      const conn = c?.conn && this.#local.get(c.conn);
      if (conn?.socket.readyState === 1) {
        conn.socket.send(text);
        this.stats.relayed++;
      }
    }
  }
}

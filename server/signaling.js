// The signaling hub: presence, 1:1 invitations, mesh rooms, and relay of SDP/ICE and media state between
// members of the same call or room only. Transport-agnostic: `attach(socket, origin)` takes any `ws` socket.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { parseMessage } from './protocol.js';
import { DEFAULT_LIMITS } from './limits.js';
import { JanusRooms } from './janus-rooms.js';

export const ROOM_LIMIT = DEFAULT_LIMITS.roomLimit;

/** Every limit is in limits.js, with its environment variable; `secret` is the only other option. */
const DEFAULTS = { secret: undefined, ...DEFAULT_LIMITS };
/** Bookkeeping maps keyed by what peers choose (addresses, name pairs) never grow past this. */
const MAP_CAP = 10000;

const roomId = (room) => `room:${room}`;
const digest = (s) => createHash('sha256').update(String(s)).digest();

export class SignalingHub {
  /** user → client record (also kept while detached, during the grace period). */
  #clients = new Map();
  /** session id → { id, kind: 'direct'|'room', parties: Set<user> (direct), members: Set<user>, caller?, callee?, accepted, timer? } */
  #sessions = new Map();
  /** Every open connection, signed in or not, for heartbeats. */
  #conns = new Set();
  /** address → open connections from it. */
  #perAddress = new Map();
  /** address → { fails, blockedUntil } for wrong secrets. */
  #secretFails = new Map();
  /** `caller\ncallee` → time until which the caller may not ring the callee again. */
  #cooldowns = new Map();
  /** Ended direct calls: id → { expires, from, reason }, so no resume or restore brings one back. */
  #ended = new Map();
  /** Presence changes not yet sent: user → entry; flushed as one batch every presenceMs. */
  #presenceDirty = new Map();
  #presenceTimer;
  #options;
  #heartbeat;
  /** Rooms route media through Janus when the `janus` option (CALL_ELEMENTS_JANUS) is set; else meshes. */
  #janus = null;
  stats = { received: 0, relayed: 0, rejected: 0, presenceBatches: 0 };

  constructor(options = {}) {
    this.#options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.#heartbeat = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    this.#heartbeat.unref?.();
    if (this.#options.janus) this.#janus = new JanusRooms(this.#options);
  }

  get options() {
    return this.#options;
  }

  close() {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#presenceTimer);
    this.#janus?.close();
    for (const s of this.#sessions.values()) clearTimeout(s.timer);
    for (const c of this.#clients.values()) clearTimeout(c.graceTimer);
    for (const conn of this.#conns) conn.socket.terminate();
    this.#conns.clear();
    this.#clients.clear();
    this.#sessions.clear();
  }

  /**
   * Takes a freshly upgraded socket from `address`. Over the connection limits it is told why (a typed
   * error a browser can read, unlike a refused upgrade) and closed. Nothing a peer sends can throw out of here.
   */
  attach(socket, address = '') {
    const fromAddress = this.#perAddress.get(address) ?? 0;
    const { maxConnections, maxConnectionsPerAddress } = this.#options;
    if (this.#conns.size >= maxConnections || fromAddress >= maxConnectionsPerAddress) {
      const total = this.#conns.size >= maxConnections;
      this.stats.rejected++;
      socket.on('error', () => undefined);
      socket.send(JSON.stringify({
        type: 'error', code: 'rate-limited', limit: total ? 'connections' : 'connections-per-address',
        message: total ? `The server is full (${maxConnections} connections); try again later` : `Too many connections from your address (at most ${maxConnectionsPerAddress})`,
      }));
      socket.close(1013, 'try again later');
      return;
    }
    this.#perAddress.set(address, fromAddress + 1);
    const conn = { socket, address, client: null, alive: true, tokens: this.#options.burst, last: Date.now(), warnedAt: 0, beats: 0 };
    this.#conns.add(conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => {
      try {
        this.#onMessage(conn, data, isBinary);
      } catch (error) {
        // A bug here must cost one message, never the process.
        this.#error(conn, 'server-error', `Internal error: ${error instanceof Error ? error.message.slice(0, 120) : 'unknown'}`);
      }
    });
    socket.on('close', (code) => {
      this.#conns.delete(conn);
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
      this.#onClose(conn, code);
    });
    socket.on('error', () => undefined); // ws reports protocol errors, then closes; 'close' cleans up
  }

  #beat() {
    for (const conn of this.#conns) {
      // Dead peers (no pong), and connections that never said hello, are dropped.
      if (!conn.alive || (!conn.client && ++conn.beats > 1)) {
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

  #send(conn, msg) {
    if (conn?.socket.readyState === 1) conn.socket.send(JSON.stringify(msg));
  }

  #sendTo(user, msg) {
    const c = this.#clients.get(user);
    if (c?.conn) {
      this.#send(c.conn, msg);
      return true;
    }
    return false;
  }

  #error(conn, code, message, ref, limit) {
    this.stats.rejected++;
    this.#send(conn, { type: 'error', code, message, ...(ref ? { ref } : {}), ...(limit ? { limit } : {}) });
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

  #onMessage(conn, data, isBinary) {
    this.stats.received++;
    if (!this.#takeToken(conn)) {
      // One error per second at most, so a flood cannot make us flood back.
      const now = Date.now();
      if (now - conn.warnedAt > 1000) {
        conn.warnedAt = now;
        this.#error(conn, 'rate-limited', `Too many messages: at most ${this.#options.rate} per second`);
      } else this.stats.rejected++;
      return;
    }
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > this.#options.maxMessageBytes) return this.#error(conn, 'too-large', `Messages are limited to ${this.#options.maxMessageBytes} bytes`);
    if (isBinary) return this.#error(conn, 'invalid-message', 'Binary messages are not accepted');
    const parsed = parseMessage(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
    if (!parsed.ok) return this.#error(conn, 'invalid-message', parsed.message);
    const msg = parsed.msg;
    const ref = msg.callId ?? msg.room;
    // The browser's own heartbeat (it cannot see WebSocket pings): answered, and proof of life.
    if (msg.type === 'ping') {
      conn.alive = true;
      return this.#send(conn, { type: 'pong' });
    }
    if (msg.type === 'hello') return this.#hello(conn, msg);
    const client = conn.client;
    if (!client) return this.#error(conn, 'not-signed-in', 'Send hello first', ref);
    switch (msg.type) {
      case 'invite': return this.#invite(client, msg);
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

  #hello(conn, msg) {
    if (conn.client) return this.#error(conn, 'already-signed-in', 'This connection is already signed in');
    const secret = this.#options.secret;
    if (secret) {
      const now = Date.now();
      const fails = this.#secretFails.get(conn.address);
      if (fails && fails.blockedUntil > now) {
        this.#error(conn, 'rate-limited', `Too many wrong secrets from your address; try again in ${Math.ceil((fails.blockedUntil - now) / 1000)} s`, undefined, 'secret');
        conn.socket.close(4029, 'rate-limited');
        return;
      }
      if (!(typeof msg.secret === 'string' && timingSafeEqual(digest(msg.secret), digest(secret)))) {
        const entry = fails ?? { fails: 0, blockedUntil: 0 };
        entry.fails++;
        const over = entry.fails - this.#options.secretFailures;
        if (over >= 0) entry.blockedUntil = now + Math.min(60000, 1000 * 2 ** Math.min(over, 6));
        this.#secretFails.delete(conn.address);
        this.#bound(this.#secretFails);
        this.#secretFails.set(conn.address, entry);
        this.#error(conn, 'auth-failed', 'Wrong or missing shared secret');
        conn.socket.close(4001, 'auth-failed');
        return;
      }
      this.#secretFails.delete(conn.address);
    }
    let client = this.#clients.get(msg.user);
    if (client) {
      const resumed = msg.resume && client.resume && timingSafeEqual(digest(msg.resume), digest(client.resume));
      if (!resumed) return this.#error(conn, 'user-taken', `The name ${msg.user} is already online`);
      // The same client came back: the old socket (if any) is stale.
      clearTimeout(client.graceTimer);
      if (client.conn && client.conn !== conn) {
        client.conn.client = null;
        client.conn.socket.terminate();
      }
    } else {
      client = { user: msg.user, displayName: msg.displayName || msg.user, sessions: new Set(), conn: null, resume: '', graceTimer: undefined };
      this.#clients.set(msg.user, client);
    }
    client.displayName = msg.displayName || msg.user;
    client.conn = conn;
    client.resume = randomBytes(18).toString('base64url');
    conn.client = client;
    const gone = this.#restoreCalls(client, msg.calls ?? []);
    const online = [];
    let onlineTotal = 0;
    for (const c of this.#clients.values()) {
      if (c === client || !c.conn) continue;
      if (online.length < this.#options.welcomeOnlineLimit) online.push(this.#presenceOf(c));
      onlineTotal++;
    }
    const calls = [...client.sessions].filter((id) => this.#sessions.get(id)?.kind === 'direct');
    this.#send(conn, { type: 'welcome', user: client.user, resume: client.resume, online, onlineTotal, calls });
    // Calls it claims that ended meanwhile end for it too; the others' media state is replayed.
    for (const { callId, from, reason } of gone) this.#send(conn, { type: 'hangup', callId, from, reason });
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
    for (const c of this.#clients.values()) if (c.conn?.socket.readyState === 1) c.conn.socket.send(text);
  }

  #onClose(conn, code) {
    const client = conn.client;
    if (!client || client.conn !== conn) return;
    client.conn = null;
    conn.client = null;
    this.#broadcastPresence(client, false);
    // A client that said goodbye (normal closure, page going away) is gone at once; a dropped one may return.
    if (code === 1000 || code === 1001) return this.#forget(client);
    client.graceTimer = setTimeout(() => this.#forget(client), this.#options.graceMs);
    client.graceTimer.unref?.();
  }

  #forget(client) {
    if (client.conn || this.#clients.get(client.user) !== client) return;
    for (const id of [...client.sessions]) this.#leaveSession(client, id, 'network', false);
    this.#clients.delete(client.user);
  }

  #endedCall(id) {
    const ended = this.#ended.get(id);
    if (ended && ended.expires < Date.now()) {
      this.#ended.delete(id);
      return undefined;
    }
    return ended;
  }

  #rememberEnded(s, from, reason) {
    this.#ended.delete(s.id);
    while (this.#ended.size >= this.#options.endedCallMax) this.#ended.delete(this.#ended.keys().next().value);
    this.#ended.set(s.id, { expires: Date.now() + this.#options.endedCallTtlMs, from, reason });
  }

  /**
   * After a reconnect or a server restart. A call this server still has carries on. A call it remembers as
   * ended stays ended (returned, so the claimant is told). A call it never heard of (a restart) is restored
   * only when both parties claim it: the first claim waits restoreMs for the second, then ends with network.
   */
  #restoreCalls(client, claims) {
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
        s = { id: callId, kind: 'direct', parties: new Set([client.user, peer]), members: new Set(), accepted: true, caller: client.user, callee: peer, pending: true, states: new Map() };
        s.timer = setTimeout(() => this.#restoreExpired(s), this.#options.restoreMs);
        s.timer.unref?.();
        this.#sessions.set(callId, s);
      } else if (s.pending && s.parties.has(client.user) && !s.members.has(client.user)) {
        s.pending = false;
        clearTimeout(s.timer);
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

  #invite(client, msg) {
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
    const waitMs = (this.#cooldowns.get(pair) ?? 0) - Date.now();
    if (waitMs > 0) {
      return this.#error(client.conn, 'rate-limited', `You called ${to} a moment ago; try again in ${Math.ceil(waitMs / 1000)} s`, callId, 'reinvite');
    }
    this.#cooldowns.delete(pair);
    const callee = this.#clients.get(to);
    if (!callee?.conn) return this.#error(client.conn, 'user-offline', `${to} is not online`, callId);
    if (callee.sessions.size > 0) return this.#error(client.conn, 'busy', `${to} is in another call`, callId);
    const s = { id: callId, kind: 'direct', parties: new Set([client.user, to]), members: new Set([client.user]), caller: client.user, callee: to, accepted: false, timer: undefined, states: new Map() };
    s.timer = setTimeout(() => this.#ringTimeout(s), this.#options.ringMs);
    s.timer.unref?.();
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
    this.#cooldowns.set(pair, Date.now() + this.#options.reinviteCooldownMs);
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
    clearTimeout(s.timer);
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
    clearTimeout(s.timer);
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
    client.sessions.delete(id);
    for (const user of s.members) this.#sendTo(user, { type: 'peer-left', callId: id, user: client.user, reason });
    if (s.members.size === 0) {
      this.#sessions.delete(id);
      void this.#janus?.release(s.room);
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
      }
      const limit = this.#janus?.publishers ?? this.#options.roomLimit;
      if (s.members.size >= limit) return this.#error(client.conn, 'room-full', `Room ${room} is full (${limit} people)`, id);
      s.members.add(client.user);
      client.sessions.add(id);
    }
    if (this.#janus) {
      // Media through Janus: `joined` carries the VideoRoom ticket (janus-rooms.js), once the room exists.
      return void this.#janus.ticket(room).then(
        (janus) => s.members.has(client.user) && this.#announceJoin(client, s, { janus }),
        () => {
          this.#leaveSession(client, id, 'network', false);
          this.#error(client.conn, 'server-error', 'The media server (Janus) is unavailable', id);
        },
      );
    }
    this.#announceJoin(client, s);
  }

  #announceJoin(client, s, extra = {}) {
    const { id, room } = s;
    const members = [...s.members].filter((u) => u !== client.user).map((u) => this.#clients.get(u)).filter(Boolean);
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
    for (const user of s.members) {
      if (user === client.user) continue;
      const c = this.#clients.get(user);
      if (c?.conn?.socket.readyState === 1) {
        c.conn.socket.send(text);
        this.stats.relayed++;
      }
    }
  }
}

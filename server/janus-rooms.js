// Rooms through Janus (CALL_ELEMENTS_JANUS=<ws url>): the signaling server stays the authority on who may join
// and hands each member a seat (Janus URL, VideoRoom id, per-room PIN); media goes through Janus, one
// VideoRoom per room (across a whole cluster), created on first join and destroyed when the last member leaves. The admin side of
// Janus's WebSocket JSON API is spoken here with `ws` (one session, one VideoRoom handle, keep-alives).
import { randomBytes, randomInt } from 'node:crypto';
import WebSocket from 'ws';

const KEEPALIVE_MS = 25000;
const REQUEST_MS = 10000;
/** Publishers per VideoRoom when nothing else is configured (the mesh cap, 6, no longer applies). */
export const JANUS_PUBLISHERS = 16;

/**
 * How long joins wait for a new room's VideoRoom before a typed refusal. Under the browser's own 10 s wait for
 * `joined` (src/providers/local/signaling-client.ts), so the page shows the server's reason, never a bare timeout
 * that leaves it in the room on the server's side.
 */
export const JANUS_TICKET_MS = 8000;

/** Janus's own talking thresholds (average dBov over `audio_active_packets` packets, 127 = silence). */
export const JANUS_AUDIO_LEVEL = 25;

/**
 * Options from the environment: CALL_ELEMENTS_JANUS (Janus WebSocket URL as this server reaches it),
 * CALL_ELEMENTS_JANUS_PUBLIC (as browsers reach it, if different), CALL_ELEMENTS_JANUS_PUBLISHERS (room size),
 * CALL_ELEMENTS_JANUS_AUDIO_LEVEL (talking threshold, 1–127), CALL_ELEMENTS_JANUS_ADMIN_KEY (the VideoRoom plugin's
 * `admin_key`, when Janus allows only its holders to create rooms), CALL_ELEMENTS_JANUS_TICKET_MS (how long
 * joins wait for a new room's VideoRoom, at most 9000).
 */
export function janusFromEnv(env = process.env) {
  if (!env.CALL_ELEMENTS_JANUS) return {};
  const count = (name, max) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 && value <= max ? value : undefined;
  };
  const publishers = count('CALL_ELEMENTS_JANUS_PUBLISHERS', 1000);
  const level = count('CALL_ELEMENTS_JANUS_AUDIO_LEVEL', 127);
  const ticketMs = count('CALL_ELEMENTS_JANUS_TICKET_MS', 9000);
  return {
    janus: env.CALL_ELEMENTS_JANUS,
    ...(env.CALL_ELEMENTS_JANUS_PUBLIC ? { janusPublic: env.CALL_ELEMENTS_JANUS_PUBLIC } : {}),
    ...(publishers ? { janusPublishers: publishers } : {}),
    ...(level ? { janusAudioLevel: level } : {}),
    ...(ticketMs ? { janusTicketMs: ticketMs } : {}),
    ...(env.CALL_ELEMENTS_JANUS_ADMIN_KEY ? { janusAdminKey: env.CALL_ELEMENTS_JANUS_ADMIN_KEY } : {}),
  };
}

export class JanusAdmin {
  #url;
  #socket = null;
  #session = 0;
  #handle = 0;
  #pending = new Map();
  #ready = null;
  #keepalive;
  #seq = 0;
  #closed = false;
  /** Called when an open connection to Janus drops (Janus gone or restarted), not on close(). */
  onDrop = null;

  constructor(url) {
    this.#url = url;
  }

  /** Whether a connection to Janus is open now. */
  get connected() {
    return this.#socket?.readyState === WebSocket.OPEN && this.#handle !== 0;
  }

  /** One connection, opened on first use and again after it drops. */
  #connect() {
    this.#ready ??= (async () => {
      const socket = new WebSocket(this.#url, 'janus-protocol');
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Janus at ${this.#url} did not answer`)), REQUEST_MS);
        socket.once('open', () => { clearTimeout(timer); resolve(); });
        socket.once('error', (error) => { clearTimeout(timer); reject(error); });
      });
      socket.on('message', (data) => this.#onMessage(data));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.#socket !== socket) return;
        this.#drop(new Error('The connection to Janus closed'));
        if (!this.#closed) this.onDrop?.();
      });
      this.#socket = socket;
      this.#session = (await this.#request({ janus: 'create' })).data.id;
      this.#handle = (await this.#request({ janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
      this.#keepalive = setInterval(() => this.#request({ janus: 'keepalive' }).catch(() => undefined), KEEPALIVE_MS);
      this.#keepalive.unref?.();
    })().catch((error) => {
      this.#drop(error);
      throw error;
    });
    return this.#ready;
  }

  #drop(error) {
    clearInterval(this.#keepalive);
    this.#ready = null;
    this.#session = 0;
    this.#handle = 0;
    const socket = this.#socket;
    this.#socket = null;
    socket?.terminate();
    for (const { reject, timer } of this.#pending.values()) { clearTimeout(timer); reject(error); }
    this.#pending.clear();
  }

  #request(message) {
    const transaction = `s${(++this.#seq).toString(36)}`;
    return new Promise((resolve, reject) => {
      if (this.#socket?.readyState !== WebSocket.OPEN) return reject(new Error('Not connected to Janus'));
      const timer = setTimeout(() => { this.#pending.delete(transaction); reject(new Error(`Janus did not answer ${message.janus}`)); }, REQUEST_MS);
      timer.unref?.();
      this.#pending.set(transaction, { resolve, reject, timer });
      this.#socket.send(JSON.stringify({
        ...message, transaction,
        ...(this.#session ? { session_id: this.#session } : {}),
        ...(this.#handle && message.janus === 'message' ? { handle_id: this.#handle } : {}),
      }));
    });
  }

  #onMessage(data) {
    let message;
    try { message = JSON.parse(String(data)); } catch { return; }
    const pending = this.#pending.get(message.transaction);
    if (!pending) return;
    // Everything asked here is answered at once: success (create, attach, synchronous VideoRoom requests),
    // ack (keepalive) or error.
    this.#pending.delete(message.transaction);
    clearTimeout(pending.timer);
    if (message.janus === 'error') return pending.reject(new Error(`Janus: ${message.error?.reason ?? 'error'}`));
    pending.resolve(message);
  }

  /** A synchronous VideoRoom request (create, destroy); rejects on the plugin's error_code. */
  async videoroom(body) {
    await this.#connect();
    const reply = await this.#request({ janus: 'message', body });
    const answer = reply.plugindata?.data ?? {};
    if (answer.error_code) throw Object.assign(new Error(`Janus: ${answer.error}`), { code: answer.error_code });
    return answer;
  }

  /** Opens the connection if it is not open (so a drop is noticed); resolves either way. */
  watch() {
    return this.#connect().then(() => true, () => false);
  }

  close() {
    this.#closed = true;
    this.#drop(new Error('closed'));
  }
}

/**
 * The signaling hub's hands on Janus. Which room has which VideoRoom is the hub's replicated state (so in a
 * cluster every process knows every room's ticket, and exactly one process creates each VideoRoom, see
 * server/signaling.js); this class only speaks to Janus: `create(room)` makes a VideoRoom and returns its
 * ticket `{ id, pin, secret }` (server-internal: the secret never reaches a browser), `seat(ticket)` is what a
 * member is handed, `destroy(ticket)` removes it (a room already gone is fine).
 */
export class JanusRooms {
  #admin;
  #public;
  #adminKey;
  #audioLevel;
  publishers;
  /** How long joins wait for a new room's VideoRoom before they are refused. */
  ticketMs;

  constructor({ janus, janusPublic, janusPublishers, janusAudioLevel, janusAdminKey, janusTicketMs }) {
    this.#admin = new JanusAdmin(janus);
    this.#public = janusPublic ?? janus;
    this.#adminKey = janusAdminKey;
    this.publishers = janusPublishers ?? JANUS_PUBLISHERS;
    this.#audioLevel = janusAudioLevel ?? JANUS_AUDIO_LEVEL;
    this.ticketMs = janusTicketMs ?? JANUS_TICKET_MS;
  }

  async create(room) {
    const id = randomInt(1, 2 ** 47);
    const pin = randomBytes(18).toString('base64url');
    const secret = randomBytes(18).toString('base64url');
    await this.#admin.videoroom({
      request: 'create', room: id, permanent: false, is_private: true, description: room.slice(0, 64),
      pin, secret, publishers: this.publishers,
      ...(this.#adminKey ? { admin_key: this.#adminKey } : {}),
      // Talking events drive `speaking` (over one second of packets).
      audiolevel_event: true, audio_active_packets: 50, audio_level_average: this.#audioLevel,
      notify_joining: false,
    });
    return { id, pin, secret };
  }

  /** What a member needs to join the VideoRoom (never its secret). */
  seat(ticket) {
    return { server: this.#public, room: ticket.id, pin: ticket.pin };
  }

  /**
   * Destroys a VideoRoom (any seat still in it is told `destroyed`). In a cluster every process may try the
   * same one: Janus destroys it once and answers the others 426 (no such room), which is the outcome wanted.
   */
  async destroy(ticket) {
    await this.#admin.videoroom({ request: 'destroy', room: ticket.id, secret: ticket.secret }).catch(() => undefined);
  }

  /** `lost()` is called when the connection to Janus drops; see `vanished`. */
  set onDrop(lost) {
    this.#admin.onDrop = lost;
  }

  /** Keeps a connection to Janus open while this process knows live VideoRooms, so their loss is noticed. */
  watch() {
    if (!this.#admin.connected) void this.#admin.watch();
  }

  /**
   * After the connection to Janus dropped: which of `tickets` no longer have a VideoRoom. Janus is asked again
   * for a bounded while (a restart takes a moment); back, each VideoRoom is checked with `exists` (a restarted
   * Janus has none of them: they are not permanent); still unreachable, all of them count as gone (every seat
   * in them lost its media with the connection anyway).
   */
  async vanished(tickets, { tries = 5, pauseMs = 400 } = {}) {
    for (let i = 0; i < tries; i++) {
      if (await this.#admin.watch()) {
        // Asked together (each bounded by the request timeout); a room Janus cannot answer for counts as gone.
        const answers = await Promise.all(tickets.map((ticket) => this.#admin.videoroom({ request: 'exists', room: ticket.id }).catch(() => null)));
        return tickets.filter((_, i) => !answers[i]?.exists).map((ticket) => ticket.id);
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs).unref?.());
    }
    return tickets.map((ticket) => ticket.id);
  }

  close() {
    this.#admin.close();
  }
}

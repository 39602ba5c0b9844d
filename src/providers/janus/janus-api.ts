/**
 * A small typed client for the Janus WebRTC Server's WebSocket JSON API (Janus 1.x, subprotocol
 * `janus-protocol`): one session, plugin handles, transactions, keep-alives, trickle. Written here rather
 * than taken from the `janus-gateway` package because that one is a callback-style global script that also
 * needs webrtc-adapter (both far heavier than this file) and builds its own PeerConnections; here the room code
 * owns the PeerConnections and this only carries JSON. Nothing here touches the DOM or evaluates strings.
 */
import { CallError, type CallErrorCode } from '../../core/errors.js';

export interface Jsep {
  readonly type: 'offer' | 'answer';
  readonly sdp: string;
}

/** A plugin's reply or event: `plugindata.data` plus the SDP that came with it. */
export interface PluginMessage {
  readonly data: Record<string, unknown>;
  readonly jsep?: Jsep;
}

/** What Janus sends (the fields this client reads). */
interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  error?: { code: number; reason: string };
  reason?: string;
}

/** Events Janus pushes to a handle without a transaction of ours (or after its ack). */
export type HandleEvent =
  | { readonly kind: 'plugin'; readonly message: PluginMessage }
  | { readonly kind: 'webrtcup' }
  | { readonly kind: 'hangup'; readonly reason: string }
  | { readonly kind: 'detached' };

export interface SessionOptions {
  /** Janus `token` (stored-token authentication), if the server uses it. */
  readonly token?: string;
  /** Janus `apisecret`, if the server uses it. */
  readonly apiSecret?: string;
  /** How long a request may take (default 30 s: a loaded machine negotiating several streams). */
  readonly timeoutMs?: number;
  /** Called once when the session is gone for good (socket closed, session timed out). */
  readonly lost?: (error: CallError) => void;
}

/** Janus core error codes → ours (janus/apierror.h). */
const CORE_ERRORS: Record<number, CallErrorCode> = { 403: 'auth-failed', 405: 'auth-failed', 458: 'network', 459: 'not-found', 460: 'not-found' };
/** VideoRoom error codes → ours (janus_videoroom.c: 426 no such room, 428 no such feed, 432 full, 433 unauthorized). */
const VIDEOROOM_ERRORS: Record<number, CallErrorCode> = {
  426: 'not-found',
  428: 'not-found',
  432: 'room-full',
  433: 'forbidden',
  436: 'invalid-state',
};

/** The CallError for a plugin reply that carries `error_code`, else null. */
export function pluginError(data: Record<string, unknown>): CallError | null {
  if (typeof data.error_code !== 'number') return null;
  const code = VIDEOROOM_ERRORS[data.error_code] ?? 'provider-error';
  return new CallError(code, `Janus: ${typeof data.error === 'string' ? data.error : `error ${data.error_code}`}`);
}

const KEEPALIVE_MS = 25000; // Janus drops a session after session_timeout (60 s by default) of silence

let counter = 0;
const transactionId = (): string => `t${Date.now().toString(36)}${(++counter).toString(36)}`;

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: CallError): void;
  /** Plugin requests answered later by an `event` (after an `ack`) instead of `success`. */
  readonly async: boolean;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class JanusSession {
  readonly #socket: WebSocket;
  readonly #options: SessionOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, (event: HandleEvent) => void>();
  #id = 0;
  #keepalive: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  private constructor(socket: WebSocket, options: SessionOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.addEventListener('message', (event) => this.#onMessage(event));
    socket.addEventListener('close', () => this.#lost(new CallError('network', 'The connection to the Janus server was lost')));
  }

  /** Opens the socket and creates a session; rejects with `network` when the server cannot be reached. */
  static async open(url: string, options: SessionOptions = {}): Promise<JanusSession> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      const fail = (): void => reject(new CallError('network', `Cannot reach the Janus server at ${url}`));
      const timer = setTimeout(() => {
        socket.close();
        fail();
      }, options.timeoutMs ?? 15000);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        fail();
      }, { once: true });
    });
    const session = new JanusSession(socket, options);
    try {
      const created = await session.#request({ janus: 'create' });
      session.#id = created.data?.id ?? 0;
    } catch (error) {
      session.close();
      throw error;
    }
    session.#keepalive = setInterval(() => void session.#request({ janus: 'keepalive' }).catch(() => undefined), KEEPALIVE_MS);
    return session;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Attaches a plugin handle; `events` gets what Janus pushes to it. */
  async attach(plugin: string, events: (event: HandleEvent) => void): Promise<JanusHandle> {
    const reply = await this.#request({ janus: 'attach', plugin });
    const id = reply.data?.id ?? 0;
    this.#handles.set(id, events);
    return new JanusHandle(this, id);
  }

  /** @internal a plugin message on a handle: resolves with the reply (sync) or the event (async requests). */
  async message(handle: number, body: Record<string, unknown>, jsep?: Jsep, async = false): Promise<PluginMessage> {
    const reply = await this.#request({ janus: 'message', handle_id: handle, body, ...(jsep ? { jsep } : {}) }, async);
    const data = reply.plugindata?.data ?? {};
    const error = pluginError(data);
    if (error) throw error;
    return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
  }

  /** @internal */
  async trickle(handle: number, candidate: RTCIceCandidateInit | { completed: true }): Promise<void> {
    await this.#request({ janus: 'trickle', handle_id: handle, candidate });
  }

  /** @internal */
  async detach(handle: number): Promise<void> {
    if (!this.#handles.delete(handle) || this.#closed) return;
    await this.#request({ janus: 'detach', handle_id: handle }).catch(() => undefined);
  }

  /** Destroys the session (Janus then detaches every handle: publishers leave the room) and closes the socket. */
  close(): void {
    if (this.#closed) return;
    if (this.#id && this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ janus: 'destroy', session_id: this.#id, transaction: transactionId(), ...this.#auth() }));
    }
    this.#closed = true;
    this.#shutdown(new CallError('invalid-state', 'The Janus session was closed'));
    this.#socket.close(1000);
  }

  #auth(): Record<string, string> {
    return { ...(this.#options.token ? { token: this.#options.token } : {}), ...(this.#options.apiSecret ? { apisecret: this.#options.apiSecret } : {}) };
  }

  #request(message: Record<string, unknown>, async = false): Promise<JanusMessage> {
    if (this.#closed || this.#socket.readyState !== WebSocket.OPEN) return Promise.reject(new CallError('network', 'Not connected to the Janus server'));
    const transaction = transactionId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        const request = (message.body as { request?: string } | undefined)?.request;
        reject(new CallError('timeout', `Janus did not answer "${request ?? String(message.janus)}" in time`));
      }, this.#options.timeoutMs ?? 30000);
      this.#pending.set(transaction, { resolve, reject, async, timer });
      this.#socket.send(JSON.stringify({ ...message, transaction, ...(this.#id ? { session_id: this.#id } : {}), ...this.#auth() }));
    });
  }

  #onMessage(event: MessageEvent): void {
    let message: JanusMessage;
    try {
      message = JSON.parse(String(event.data)) as JanusMessage;
    } catch {
      return;
    }
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending && message.janus !== 'ack') {
      this.#pending.delete(message.transaction!);
      clearTimeout(pending.timer);
      if (message.janus === 'error') {
        const code = CORE_ERRORS[message.error?.code ?? 0] ?? 'server-error';
        pending.reject(new CallError(code, `Janus: ${message.error?.reason ?? 'request failed'}`));
      } else pending.resolve(message);
      return;
    }
    if (pending) {
      // An ack ends a keep-alive or trickle; an async plugin request waits on for its event.
      if (!pending.async) {
        this.#pending.delete(message.transaction!);
        clearTimeout(pending.timer);
        pending.resolve(message);
      }
      return;
    }
    if (message.janus === 'timeout' && message.session_id === this.#id) {
      this.#lost(new CallError('network', 'The Janus session timed out'));
      return;
    }
    const handle = message.sender ? this.#handles.get(message.sender) : undefined;
    if (!handle) return;
    if (message.janus === 'event' && message.plugindata) {
      handle({ kind: 'plugin', message: { data: message.plugindata.data, ...(message.jsep ? { jsep: message.jsep } : {}) } });
    } else if (message.janus === 'webrtcup') handle({ kind: 'webrtcup' });
    else if (message.janus === 'hangup') handle({ kind: 'hangup', reason: message.reason ?? '' });
    else if (message.janus === 'detached') {
      this.#handles.delete(message.sender!);
      handle({ kind: 'detached' });
    }
  }

  #lost(error: CallError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#shutdown(error);
    this.#socket.close();
    this.#options.lost?.(error);
  }

  #shutdown(error: CallError): void {
    clearInterval(this.#keepalive);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#handles.clear();
  }
}

/** One plugin handle of a session. */
export class JanusHandle {
  constructor(
    readonly session: JanusSession,
    readonly id: number,
  ) {}

  /** A synchronous plugin request (create, exists, kick, moderate…): resolves with the plugin's answer. */
  request(body: Record<string, unknown>): Promise<PluginMessage> {
    return this.session.message(this.id, body);
  }

  /** An asynchronous plugin request (join, publish, configure, start…): resolves with its event. */
  send(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginMessage> {
    return this.session.message(this.id, body, jsep, true);
  }

  trickle(candidate: RTCIceCandidate | null): void {
    void this.session.trickle(this.id, candidate ? candidate.toJSON() : { completed: true }).catch(() => undefined);
  }

  detach(): Promise<void> {
    return this.session.detach(this.id);
  }
}

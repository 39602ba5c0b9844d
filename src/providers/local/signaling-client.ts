/**
 * The provider's WebSocket to the signaling server: signs in with `hello`, answers requests, and when the
 * socket drops reconnects with exponential backoff and jitter, signing in again with its resume token and
 * the calls it is still in (so peers keep talking, and media, which flows peer to peer, never stops).
 * Browsers cannot see WebSocket pings, so the client pings at the application level and treats a socket that
 * has been silent for `deadMs` as dead. After the first sign-in it never gives up on a transient refusal
 * (name still taken, server full): it says why through `status` and keeps trying.
 */
import { CallError, type CallErrorCode } from '../../core/errors.js';
import type { ClientMessage, ServerMessage } from './protocol.js';

type Hello = Extract<ClientMessage, { type: 'hello' }>;
type Welcome = Extract<ServerMessage, { type: 'welcome' }>;
type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

/** How long `close()` waits for the server to acknowledge the goodbye. */
const CLOSE_WAIT_MS = 2000;

export type SignalingStatus = 'connected' | 'reconnecting' | 'failed';

/** Refusals that end by themselves (the name frees up, the server drains): worth retrying. */
const TRANSIENT = new Set(['user-taken', 'rate-limited', 'server-error']);

export interface SignalingHandlers {
  /** Builds the hello for each (re)connection; `resume` is filled in by the client. */
  hello(): Hello;
  message(msg: ServerMessage): void;
  welcome(msg: Welcome, reconnected: boolean): void;
  status(status: SignalingStatus, error?: CallError): void;
}

/** Server error codes → CallError codes. */
const CODES: Record<string, CallErrorCode> = {
  'invalid-message': 'invalid-argument',
  'too-large': 'invalid-argument',
  'rate-limited': 'rate-limited',
  'not-signed-in': 'not-connected',
  'already-signed-in': 'invalid-state',
  'auth-failed': 'auth-failed',
  forbidden: 'forbidden',
  'user-taken': 'user-taken',
  'user-offline': 'user-offline',
  busy: 'busy',
  'room-full': 'room-full',
  'not-found': 'not-found',
  'server-error': 'server-error',
  network: 'network',
};

export function toCallError(msg: ErrorMessage): CallError {
  return new CallError(CODES[msg.code] ?? 'server-error', msg.message, { cause: msg });
}

interface Waiter {
  match: (msg: ServerMessage) => boolean;
  ref: string;
  resolve: (msg: ServerMessage) => void;
  reject: (error: CallError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class SignalingClient {
  #url: string;
  #handlers: SignalingHandlers;
  #socket: WebSocket | null = null;
  #resume: string | undefined;
  #closed = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #waiters = new Set<Waiter>();
  #signedIn = false;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #heardAt = 0;
  /** The code of the refusal last reported while reconnecting. */
  #refusal: string | undefined;
  /** The first sign-in, until it is welcomed or refused. */
  #first: { resolve: (w: Welcome) => void; reject: (e: CallError) => void } | undefined;
  /** Backoff bounds (ms); small so a restarted server is found again quickly. */
  minDelay = 200;
  maxDelay = 5000;
  /** Heartbeat: a ping this often; a socket silent for `deadMs` (or not welcomed by then) is dropped. */
  pingMs = 3000;
  deadMs = 8000;

  constructor(url: string, handlers: SignalingHandlers) {
    this.#url = url;
    this.#handlers = handlers;
  }

  get open(): boolean {
    return this.#signedIn && this.#socket?.readyState === WebSocket.OPEN;
  }

  /** The first connection: resolves on welcome, rejects with a CallError (user-taken, auth-failed, network). */
  start(): Promise<Welcome> {
    return new Promise((resolve, reject) => this.#connect({ resolve, reject }));
  }

  #connect(first?: { resolve: (w: Welcome) => void; reject: (e: CallError) => void }): void {
    if (this.#closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url);
    } catch (error) {
      first?.reject(CallError.from(error, 'invalid-argument', { action: 'connect' }));
      return;
    }
    this.#socket = socket;
    let welcomed = false;
    this.#heardAt = Date.now();
    this.#watch(socket);
    socket.onopen = () => {
      const hello = { ...this.#handlers.hello(), ...(this.#resume ? { resume: this.#resume } : {}) };
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event: MessageEvent) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return; // the server only sends JSON; anything else is not ours to act on
      }
      this.#heardAt = Date.now();
      if (msg.type === 'pong') return;
      if (!welcomed) {
        if (msg.type === 'welcome') {
          welcomed = true;
          this.#first = undefined;
          this.#refusal = undefined;
          this.#signedIn = true;
          this.#resume = msg.resume;
          const reconnected = !first;
          this.#attempt = 0;
          first?.resolve(msg);
          this.#handlers.welcome(msg, reconnected);
          if (reconnected) this.#handlers.status('connected');
        } else if (msg.type === 'error') {
          const error = toCallError(msg);
          if (first || !TRANSIENT.has(msg.code)) {
            // The first sign-in is the page's to retry; a wrong secret would only be refused again.
            this.#closed = true;
            this.#first = undefined;
            this.#drop(socket);
            if (first) first.reject(error);
            else this.#handlers.status('failed', error);
            return;
          }
          // A transient refusal after a reconnect: say why (once per reason, not at every attempt), keep trying.
          const told = this.#refusal === msg.code;
          this.#refusal = msg.code;
          if (!told) this.#handlers.status('reconnecting', new CallError(error.code, `${msg.message}. Trying again automatically.`, { cause: msg }));
          this.#lost(socket);
        }
        return;
      }
      for (const w of [...this.#waiters]) {
        if (w.match(msg)) {
          this.#settle(w);
          w.resolve(msg);
          return;
        }
        if (msg.type === 'error' && msg.ref === w.ref) {
          this.#settle(w);
          w.reject(toCallError(msg));
          return;
        }
      }
      this.#handlers.message(msg);
    };
    socket.onclose = () => this.#lost(socket);
    this.#first = first && !welcomed ? first : undefined;
  }

  /** Pings while the socket is open, and drops it when nothing (not even a pong) arrived for `deadMs`. */
  #watch(socket: WebSocket): void {
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (this.#socket !== socket) return;
      if (Date.now() - this.#heardAt > this.deadMs) {
        this.#lost(socket);
        return;
      }
      if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
    }, Math.min(this.pingMs, this.deadMs / 2));
  }

  /** Detaches a socket without waiting for its closing handshake (a black-holed socket never finishes one). */
  #drop(socket: WebSocket): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    if (this.#socket === socket) {
      this.#socket = null;
      this.#signedIn = false;
      clearInterval(this.#pingTimer);
    }
    try {
      socket.close();
    } catch {
      // already closing
    }
  }

  /** The current socket is gone (closed, silent, or refused for now): fail pending requests, then retry. */
  #lost(socket: WebSocket): void {
    if (this.#socket !== socket) return;
    this.#drop(socket);
    const first = this.#first;
    if (first && !this.#closed) {
      this.#closed = true;
      this.#first = undefined;
      first.reject(new CallError('network', `Could not reach the signaling server at ${this.#url}`));
      return;
    }
    for (const w of [...this.#waiters]) {
      this.#settle(w);
      w.reject(new CallError('network', 'The connection to the signaling server was lost'));
    }
    if (this.#closed) return;
    this.#handlers.status('reconnecting');
    this.#scheduleRetry();
  }

  /** Tries again now instead of waiting out the back-off (a "Retry" button). */
  retryNow(): void {
    if (this.#closed || this.#socket) return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer);
    const base = Math.min(this.maxDelay, this.minDelay * 2 ** this.#attempt++);
    const delay = base / 2 + Math.random() * (base / 2);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #settle(w: Waiter): void {
    clearTimeout(w.timer);
    this.#waiters.delete(w);
  }

  /** Sends if signed in; false when the socket is down (callers re-send state after reconnecting). */
  send(msg: ClientMessage): boolean {
    if (!this.open) return false;
    this.#socket!.send(JSON.stringify(msg));
    return true;
  }

  /** Sends and waits for the reply that `match`es, or the error that refers to `ref`. */
  request(msg: ClientMessage, ref: string, match: (reply: ServerMessage) => boolean, timeoutMs = 10000): Promise<ServerMessage> {
    if (!this.open) return Promise.reject(new CallError('not-connected', 'Not connected to the signaling server'));
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match,
        ref,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(w);
          reject(new CallError('timeout', 'The signaling server did not answer'));
        }, timeoutMs),
      };
      this.#waiters.add(w);
      this.send(msg);
    });
  }

  /**
   * Says goodbye and resolves once the socket has closed (at most CLOSE_WAIT_MS), so a sign-in right after
   * (a new session with the same name) reaches a server that has already let the name go.
   */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    const socket = this.#socket;
    this.#socket = null;
    this.#signedIn = false;
    for (const w of [...this.#waiters]) {
      this.#settle(w);
      w.reject(new CallError('disposed', 'The call session was closed'));
    }
    if (!socket) return Promise.resolve();
    socket.onopen = socket.onmessage = socket.onerror = null;
    if (socket.readyState === WebSocket.CLOSED) {
      socket.onclose = null;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        socket.onclose = null;
        resolve();
      };
      const timer = setTimeout(done, CLOSE_WAIT_MS);
      socket.onclose = done;
      // A goodbye (1000) frees the name at once; a socket still connecting cannot say it.
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'bye');
      else socket.close();
    });
  }
}

/** The signaling URL: explicit (ws(s) or http(s)), or this page's origin + /signal. */
export function signalingUrl(server: string | undefined): string {
  const base = typeof location !== 'undefined' ? location.href : 'http://localhost:8787/';
  let url: URL;
  try {
    url = new URL(server || '/signal', base);
  } catch {
    throw new CallError('invalid-argument', `Not a valid signaling server URL: ${server}`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new CallError('invalid-argument', 'The signaling server must be an http(s) or ws(s) URL');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/signal';
  if (url.username || url.password) throw new CallError('invalid-argument', 'Do not put credentials in the server URL; use providerOptions.secret');
  return url.href;
}

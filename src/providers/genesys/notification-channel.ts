/**
 * The Platform API notification channel that carries the user's call events over a WebSocket. One channel
 * per provider for its whole life: a dropped socket reconnects to the same channel (the platform keeps a
 * channel and its subscriptions for a day), and a new channel is made only when the platform says the old
 * one is gone. Disconnecting closes the socket and removes the channel's subscriptions.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { CallError } from '../../core/errors.js';
import type { GenesysSession } from './genesys-session.js';

const SOCKET_OPEN_TIMEOUT_MS = 10_000;

export interface ChannelEvents {
  /** The event body of a message on `topic`. */
  readonly onEvent: (body: object) => void;
  /** The socket closed by itself: events may have been missed. */
  readonly onDrop: () => void;
}

interface Channel {
  readonly id: string;
  readonly connectUri: string;
}

export class NotificationChannel {
  readonly #session: GenesysSession;
  readonly #events: ChannelEvents;
  #topic = '';
  #channel: Channel | null = null;
  #socket: WebSocket | null = null;
  /** Every listener on the open socket; aborted when it closes. */
  #listeners: AbortController | null = null;
  #closed = false;
  /** The removal of subscriptions sent at `close`: a quick reconnect subscribes only after it. */
  #unsubscribing: Promise<unknown> | null = null;

  constructor(session: GenesysSession, events: ChannelEvents) {
    this.#session = session;
    this.#events = events;
  }

  get open(): boolean {
    return this.#socket !== null;
  }

  /**
   * Subscribes `topic` and opens the socket, on the channel this provider already has when the platform
   * still knows it (a PUT of its subscriptions answers 404 when it expired), else on a new one. Throws
   * `network` when the socket cannot open; the channel is kept for the next try.
   */
  async connect(topic: string): Promise<void> {
    this.#closed = false;
    this.#topic = topic;
    if (this.#socket) return;
    await this.#unsubscribing;
    this.#unsubscribing = null;
    const topics: Models.ChannelTopic[] = [{ id: topic }];
    let channel = this.#channel;
    if (channel) {
      const { id } = channel;
      try {
        await this.#session.request((api) => api.notifications.putNotificationsChannelSubscriptions(id, topics), 'connect');
      } catch (error) {
        if (!(error instanceof CallError) || error.code !== 'not-found') throw error;
        channel = this.#channel = null; // expired or removed on the platform: nothing of it is left to clean up
      }
    }
    if (!channel) {
      const created = await this.#session.request((api) => api.notifications.postNotificationsChannels(), 'connect');
      if (!created?.id || !created.connectUri) throw new CallError('provider-error', 'Genesys Cloud returned no notification channel');
      channel = this.#channel = { id: created.id, connectUri: created.connectUri };
      const { id } = channel;
      await this.#session.request((api) => api.notifications.putNotificationsChannelSubscriptions(id, topics), 'connect');
    }
    await this.#openSocket(channel.connectUri);
  }

  async #openSocket(uri: string): Promise<void> {
    const socket = new WebSocket(uri);
    const listeners = new AbortController();
    const { signal } = listeners;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(), SOCKET_OPEN_TIMEOUT_MS);
      const fail = () => {
        clearTimeout(timer);
        listeners.abort();
        socket.close();
        reject(new CallError('network', 'The Genesys Cloud notification channel could not be opened'));
      };
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        socket.removeEventListener('error', fail);
        resolve();
      }, { once: true, signal });
      socket.addEventListener('error', fail, { once: true, signal });
    });
    if (this.#closed) {
      listeners.abort();
      socket.close();
      return;
    }
    this.#closeSocket();
    this.#socket = socket;
    this.#listeners = listeners;
    socket.addEventListener('message', (event: MessageEvent) => this.#onMessage(event.data), { signal });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      listeners.abort();
      this.#events.onDrop();
    }, { signal });
  }

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { topicName?: unknown; eventBody?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return; // not JSON: nothing the channel protocol defines; heartbeats and metadata are JSON
    }
    if (message.topicName !== this.#topic || !message.eventBody || typeof message.eventBody !== 'object') return;
    this.#events.onEvent(message.eventBody);
  }

  #closeSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#listeners?.abort();
    this.#listeners = null;
    socket?.close();
  }

  /**
   * Closes the socket and removes the channel's subscriptions, without waiting: nothing is listening any
   * more, and a slow or lost network must not hold up the disconnect. The channel is kept: the next
   * connect subscribes it again.
   */
  close(): void {
    this.#closed = true;
    this.#closeSocket();
    const id = this.#channel?.id;
    const api = this.#session.api;
    if (id && api) this.#unsubscribing = api.notifications.deleteNotificationsChannelSubscriptions(id).catch(() => undefined);
  }
}

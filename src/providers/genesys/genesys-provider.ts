/**
 * Genesys Cloud call control through the Platform API: the signed-in user's calls as normalized Calls,
 * kept current by a notification channel (WebSocket) or by polling, and the agent's actions as the
 * Platform API requests Genesys's own softphone makes (PATCH of a participant, POST /conversations/calls,
 * …/replace for a blind transfer, …/digits for DTMF). Media stays on the agent's station or phone.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { CallError } from '../../core/errors.js';
import type { MediaView } from '../../core/media.js';
import { createCall, endCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, ParticipantAction, ProviderConfig, ProviderSink, StartCallOptions, TransferTarget } from '../../core/provider.js';
import type { Call, CallSnapshot, ConnectionState } from '../../core/state.js';
import { DESTINATIONS, findSelf, isEnded, toCall, toEndReason, type GenesysConversation } from './genesys-mapping.js';
import { parseOptions, type GenesysOptions } from './genesys-options.js';
import { PollLoop } from '../kit/poll-loop.js';
import { loadPlatformClient, toCallError, unwrap, type GenesysFailure, type PlatformClient } from './platform-client.js';

const MAX_BACKOFF_MS = 30_000;
const SOCKET_OPEN_TIMEOUT_MS = 10_000;

type ParticipantPatch = Models.MediaParticipantRequest;

export class GenesysProvider implements CallProvider {
  readonly kind = 'genesys';
  readonly options: GenesysOptions;
  #sink: ProviderSink | undefined;
  #api: PlatformClient | undefined;
  #userId = '';
  #signedIn = false;
  #disposed = false;
  /** Latest raw conversation per id: actions need the agent's participant id. */
  #raw = new Map<string, GenesysConversation>();
  readonly #poll: PollLoop;
  #loading: Promise<void> | null = null;
  #socket: WebSocket | null = null;
  #socketListeners: AbortController | null = null;
  #reported: CallError | null = null;

  constructor(config: ProviderConfig) {
    this.options = parseOptions(config.options);
    this.#poll = new PollLoop({
      // A round opens the channel when it is down and re-reads the calls; with a channel open, no timer.
      round: async () => {
        await this.#tryChannel();
        await this.#load();
      },
      interval: () => (this.#socket ? null : this.options.pollIntervalMs),
      backoff: { base: 1000, max: MAX_BACKOFF_MS },
      onSuccess: () => this.#recovered(),
      onFailure: (error, { backoffMs }) => this.#failed(toCallError(error, { action: 'refresh', signedIn: this.#signedIn }), backoffMs),
    });
  }

  /** Whether an update round is running or scheduled (false once polling stopped for good). */
  get updating(): boolean {
    return this.#poll.running || this.#poll.scheduled;
  }

  get #topic(): string {
    return `v2.users.${this.#userId}.conversations.calls`;
  }

  #update(recipe: (s: CallSnapshot) => CallSnapshot): void {
    this.#sink?.update(recipe);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  async connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    this.#disposed = false;
    this.#poll.restart();
    sink.update((s) => ({
      ...s,
      platform: { kind: 'genesys', mode: 'control', capabilities: ['outgoing'], destinations: DESTINATIONS },
    }));
    try {
      this.#api = await loadPlatformClient(this.options.environment, this.options.gateway);
    } catch (error) {
      throw CallError.from(error, 'network', { action: 'connect' });
    }
    await this.#authenticate();
    const me = await this.#request((api) => api.users.getUsersMe(), 'connect');
    if (!me?.id) throw new CallError('provider-error', 'Genesys Cloud did not say who is signed in', { action: 'connect' });
    this.#userId = me.id;
    this.#signedIn = true;
    this.#update((s) => ({ ...s, self: { id: me.id ?? '', displayName: me.name ?? '', address: me.email ?? '' } }));
    // Channel first, then the list: nothing that happens in between is missed.
    await this.#tryChannel();
    await this.#load();
    if (!this.#socket) this.#poll.schedule(this.options.pollIntervalMs);
  }

  disconnect(): Promise<void> {
    this.#disposed = true;
    this.#poll.stop();
    this.#closeSocket();
    this.#raw.clear();
    return Promise.resolve();
  }

  createView(): MediaView {
    throw new CallError('unsupported', 'Genesys call control has no media in the browser');
  }

  // ---- auth and requests -------------------------------------------------------------------------

  async #authenticate(): Promise<void> {
    const client = this.#api!.client;
    const { token, login, clientId, redirectUri } = this.options;
    try {
      if (token !== undefined) {
        const value = typeof token === 'function' ? await token() : token;
        if (typeof value !== 'string' || !value.trim()) throw new CallError('auth-failed', 'The Genesys token function returned no token');
        client.setAccessToken(value.trim());
        return;
      }
      // Redirects the page to the Genesys login when there is no valid token yet; the client removes the
      // token from the URL hash after the redirect back and keeps it in memory only.
      if (login === 'pkce') await client.loginPKCEGrant(clientId!, redirectUri!);
      else await client.loginImplicitGrant(clientId!, redirectUri!);
    } catch (error) {
      if (error instanceof CallError) throw error;
      throw new CallError('auth-failed', 'Genesys Cloud sign-in failed', { action: 'connect', cause: { status: 0, body: undefined, retryAfterMs: null } });
    }
  }

  /**
   * One Platform API request. A 401 with a token function gets one fresh token and one retry; every
   * failure comes back as a CallError without the raw client error.
   */
  async #request<T>(send: (api: PlatformClient) => Promise<T>, action: string, callId?: string): Promise<T> {
    if (!this.#api || this.#disposed) throw new CallError('not-connected', 'Not connected to Genesys Cloud', { action });
    const api = this.#api;
    try {
      return unwrap(await send(api));
    } catch (error) {
      const failure = toCallError(error, { action, signedIn: this.#signedIn, ...(callId ? { callId } : {}) });
      if ((failure.cause as GenesysFailure | undefined)?.status !== 401 || typeof this.options.token !== 'function') throw failure;
      await this.#authenticate();
      try {
        return unwrap(await send(api));
      } catch (retryError) {
        throw toCallError(retryError, { action, signedIn: this.#signedIn, ...(callId ? { callId } : {}) });
      }
    }
  }

  // ---- updates: notification channel, polling, recovery ----------------------------------------

  async #openChannel(): Promise<void> {
    const channel = await this.#request((api) => api.notifications.postNotificationsChannels(), 'connect');
    if (!channel?.id || !channel.connectUri) throw new CallError('provider-error', 'Genesys Cloud returned no notification channel');
    const topics: Models.ChannelTopic[] = [{ id: this.#topic }];
    await this.#request((api) => api.notifications.putNotificationsChannelSubscriptions(channel.id!, topics), 'connect');
    const socket = new WebSocket(channel.connectUri);
    // Every listener on this socket goes when it is closed (or fails to open).
    const listeners = new AbortController();
    const signal = listeners.signal;
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
    if (this.#disposed) {
      listeners.abort();
      socket.close();
      return;
    }
    this.#closeSocket();
    this.#socket = socket;
    this.#socketListeners = listeners;
    socket.addEventListener('message', (event: MessageEvent) => this.#onMessage(event.data), { signal });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket || this.#disposed) return;
      this.#socket = null;
      listeners.abort();
      // Events may have been missed: re-read the calls and open a new channel (or poll until one opens).
      this.#setConnection('reconnecting');
      this.#poll.schedule(0);
    }, { signal });
    this.#poll.cancelTimer();
  }

  /**
   * Opens the notification channel when that is the update mode and none is open. A channel that cannot
   * open while the REST API answers (a proxy without WebSocket support) is not an error: polling keeps the
   * list current and the next round tries again. Auth and rate-limit failures are thrown.
   */
  async #tryChannel(): Promise<void> {
    if (this.options.updates !== 'notifications' || this.#socket) return;
    try {
      await this.#openChannel();
    } catch (error) {
      if (!(error instanceof CallError) || (error.code !== 'network' && error.code !== 'provider-error')) throw error;
    }
  }

  #closeSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#socketListeners?.abort();
    this.#socketListeners = null;
    socket?.close();
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
    this.#applyConversation(message.eventBody);
  }

  /** Reports a failed round once per kind of failure and returns when to try again (null: stop). */
  #failed(error: CallError, backoff: number): number | null {
    const { retryAfterMs } = (error.cause ?? {}) as Partial<GenesysFailure>;
    if (this.#reported?.code !== error.code) this.#report(error);
    if (error.code === 'rate-limited') return retryAfterMs ?? Math.max(backoff, this.options.pollIntervalMs);
    if ((error.code === 'token-expired' || error.code === 'auth-failed') && typeof this.options.token !== 'function') {
      // Nothing here can produce a new token: stop until the page gives one (new providerOptions).
      this.#setConnection('failed');
      return null;
    }
    this.#setConnection('reconnecting');
    return backoff;
  }

  #report(error: CallError): void {
    if (this.#sink) this.#reported = this.#sink.fail(error);
  }

  #recovered(): void {
    this.#setConnection('connected');
    const reported = this.#reported;
    this.#reported = null;
    // Clear only our own update-loop error: a failed action's error stays until the user dismisses it.
    if (reported) this.#update((s) => (s.error === reported ? { ...s, error: null } : s));
  }

  #setConnection(connection: ConnectionState): void {
    this.#update((s) => (s.connection === connection || s.connection === 'disconnected' ? s : { ...s, connection }));
  }

  /** GET the user's calls; concurrent callers share the request in flight. */
  #load(): Promise<void> {
    this.#loading ??= this.#request((api) => api.conversations.getConversationsCalls(), 'refresh')
      .then((listing) => this.#applyList(listing?.entities ?? []))
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  async refresh(): Promise<void> {
    if (this.#loading) await this.#loading.catch(() => undefined);
    await this.#load();
  }

  // ---- state -------------------------------------------------------------------------------------

  /** Keeps what the platform does not resend: when the call was first seen, DTMF sent from here. */
  #merge(s: CallSnapshot, call: Call): Call {
    const prev = s.calls.find((c) => c.id === call.id);
    if (!prev) return call;
    return { ...call, createdAt: prev.createdAt, startedAt: prev.startedAt ?? call.startedAt, dtmf: prev.dtmf };
  }

  #toSnapshot(s: CallSnapshot, conversation: GenesysConversation): CallSnapshot {
    const id = conversation.id;
    if (!id) return s;
    const self = findSelf(conversation, this.#userId);
    const live = (conversation.participants ?? []).some((p) => !isEnded(p));
    if (!live || (self && isEnded(self))) {
      this.#raw.delete(id);
      return endCall(s, id, toEndReason(conversation, this.#userId));
    }
    this.#raw.set(id, conversation);
    return upsertCall(s, this.#merge(s, toCall(conversation, this.#userId)));
  }

  #applyConversation(conversation: GenesysConversation): void {
    this.#update((s) => this.#toSnapshot(s, conversation));
  }

  #applyList(conversations: readonly GenesysConversation[]): void {
    const ids = new Set(conversations.map((c) => c.id));
    this.#update((s) => {
      let next = conversations.reduce((acc, c) => this.#toSnapshot(acc, c), s);
      for (const call of s.calls) {
        if (ids.has(call.id)) continue;
        // Gone from the list: ended while no event reached us.
        const raw = this.#raw.get(call.id);
        this.#raw.delete(call.id);
        next = endCall(next, call.id, raw ? toEndReason(raw, this.#userId) : { code: 'hung-up' });
      }
      return next;
    });
  }

  // ---- actions -----------------------------------------------------------------------------------

  #selfId(callId: string): string {
    const raw = this.#raw.get(callId);
    const self = raw && findSelf(raw, this.#userId);
    if (!self?.id) throw new CallError('invalid-state', 'You are not a participant of this call', { callId });
    return self.id;
  }

  /** PATCH one participant; flags the platform accepted show at once, the event or next poll confirms. */
  async #patch(action: string, callId: string, participantId: string, body: ParticipantPatch): Promise<void> {
    await this.#request((api) => api.conversations.patchConversationsCallParticipant(callId, participantId, body), action, callId);
    const raw = this.#raw.get(callId);
    if (raw && body.state === undefined) {
      const participants = (raw.participants ?? []).map((p) =>
        p.id === participantId
          ? { ...p, ...(body.muted !== undefined ? { muted: body.muted } : {}), ...(body.held !== undefined ? { held: body.held } : {}), ...(body.recording !== undefined ? { recording: body.recording } : {}) }
          : p,
      );
      this.#applyConversation({ ...raw, participants });
    }
    this.#afterAction();
  }

  /** Polling: read the calls soon instead of a full period later. */
  #afterAction(): void {
    if (!this.#socket) this.#poll.schedule(0);
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const raw = to[0] ?? '';
    const prefixed = /^(user|queue|tel):(.+)$/i.exec(raw);
    const target = (prefixed?.[2] ?? raw).trim();
    const kind = options.kind ?? (prefixed ? ({ user: 'user', queue: 'queue', tel: 'phone' } as const)[prefixed[1]!.toLowerCase() as 'user' | 'queue' | 'tel'] : /^[+\d\s().-]+$/.test(target) ? 'phone' : 'user');
    if (options.video) throw new CallError('unsupported', 'Genesys call control places voice calls only');
    const body: Models.CreateCallRequest =
      kind === 'user' ? { callUserId: target } : kind === 'queue' ? { callQueueId: target } : { phoneNumber: target };
    if (kind !== 'phone' && kind !== 'user' && kind !== 'queue') throw new CallError('unsupported', `Genesys cannot dial a ${kind}`);
    if (this.options.callFromQueueId) body.callFromQueueId = this.options.callFromQueueId;
    const created = await this.#request((api) => api.conversations.postConversationsCalls(body), 'startCall');
    const id = created?.id;
    if (!id) throw new CallError('provider-error', 'Genesys Cloud did not return the new call', { action: 'startCall' });
    // Shown at once as dialling; the conversation event (or the next read) fills in the participants.
    this.#update((s) =>
      s.calls.some((c) => c.id === id)
        ? s
        : upsertCall(s, createCall({ id, direction: 'outgoing', state: 'connecting', remoteParties: [{ displayName: target, address: target }], meta: { conversationId: id } })),
    );
    if (!this.#socket) await this.refresh().catch(() => undefined); // the poll loop reports read failures
    return id;
  }

  accept(callId: string): Promise<void> {
    return this.#patch('accept', callId, this.#selfId(callId), { state: 'connected' });
  }

  reject(callId: string): Promise<void> {
    return this.#patch('reject', callId, this.#selfId(callId), { state: 'disconnected' });
  }

  hangUp(callId: string): Promise<void> {
    return this.#patch('hangUp', callId, this.#selfId(callId), { state: 'disconnected' });
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#patch('setMuted', callId, this.#selfId(callId), { muted });
  }

  hold(callId: string): Promise<void> {
    return this.#patch('hold', callId, this.#selfId(callId), { held: true });
  }

  resume(callId: string): Promise<void> {
    return this.#patch('resume', callId, this.#selfId(callId), { held: false });
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    return this.#patch('removeParticipant', callId, participantId, { state: 'disconnected' });
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    switch (action.type) {
      case 'mute':
        return this.#patch('participant-mute', callId, participantId, { muted: action.muted });
      case 'hold':
        return this.#patch('participant-hold', callId, participantId, { held: action.held });
      case 'record':
        return this.#patch('participant-record', callId, participantId, { recording: action.recording });
      default:
        return Promise.reject(new CallError('unsupported', `Genesys call control has no ${action.type} action`, { callId }));
    }
  }

  /** Recording is per participant in the Platform API: every other live party's leg. */
  async setRecording(callId: string, on: boolean): Promise<void> {
    const raw = this.#raw.get(callId);
    const selfId = this.#selfId(callId);
    const others = (raw?.participants ?? []).filter((p) => p.id && p.id !== selfId && !isEnded(p));
    if (!others.length) throw new CallError('invalid-state', 'Nobody else is on this call to record', { callId });
    for (const p of others) await this.#patch('setRecording', callId, p.id!, { recording: on });
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    // Not in the 2017 spec: the body is checked against the client's current model instead.
    const body = { digits } satisfies Models.Digits;
    await this.#request((api) => api.conversations.postConversationParticipantDigits(callId, this.#selfId(callId), { body }), 'sendDtmf', callId);
  }

  /** Blind transfer of the agent's leg: `user:<id>`, `queue:<id>`, or an address (number, SIP URI). */
  async transfer(callId: string, transferTarget: TransferTarget): Promise<void> {
    if (!('to' in transferTarget)) throw new CallError('unsupported', 'Genesys consultative transfer is not supported yet');
    const target = transferTarget.to;
    const prefixed = /^(user|queue):(.+)$/i.exec(target.trim());
    const kind = prefixed?.[1]?.toLowerCase();
    const value = (prefixed?.[2] ?? target).trim();
    const body: Models.TransferRequest = kind === 'user' ? { userId: value } : kind === 'queue' ? { queueId: value } : { address: value };
    await this.#request((api) => api.conversations.postConversationsCallParticipantReplace(callId, this.#selfId(callId), body), 'transfer', callId);
    this.#afterAction();
  }
}

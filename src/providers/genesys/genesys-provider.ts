/**
 * Genesys Cloud call control through the Platform API: the signed-in user's calls as normalized Calls,
 * kept current by a notification channel (WebSocket) or by polling, and the agent's actions as the
 * Platform API requests Genesys's own softphone makes (PATCH of a participant, POST /conversations/calls,
 * …/replace for a blind transfer, …/digits for DTMF, a participant's `wrapup` for after-call work).
 * Media stays on the agent's station or phone.
 *
 * Parts: `genesys-session.ts` (client, sign-in, requests), `notification-channel.ts` (events),
 * `conversation-tracker.ts` (conversations → calls, wrap-up codes), `genesys-mapping.ts` (pure mapping).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { CallError } from '../../core/errors.js';
import type { MediaView } from '../../core/media.js';
import { createCall, upsertCall } from '../../core/patch.js';
import type { CallProvider, ParticipantAction, ProviderConfig, ProviderSink, StartCallOptions, TransferTarget, WrapUpSubmission } from '../../core/provider.js';
import type { CallSnapshot, ConnectionState, DestinationKind } from '../../core/state.js';
import { PollLoop } from '../kit/poll-loop.js';
import { ConversationTracker } from './conversation-tracker.js';
import { DESTINATIONS, isEnded, type GenesysParticipant } from './genesys-mapping.js';
import { parseOptions, type GenesysOptions } from './genesys-options.js';
import { GenesysSession } from './genesys-session.js';
import { NotificationChannel } from './notification-channel.js';
import { toCallError, type GenesysFailure } from './platform-client.js';

const MAX_BACKOFF_MS = 30_000;

type ParticipantPatch = Models.MediaParticipantRequest;

/** `user:<id>`, `queue:<id>`, `tel:<number>`, or a bare destination whose kind is given or guessed. */
function parseDestination(raw: string, kind: DestinationKind | undefined): { kind: DestinationKind; value: string } {
  const prefixed = /^(user|queue|tel):(.+)$/i.exec(raw.trim());
  const value = (prefixed?.[2] ?? raw).trim();
  if (kind) return { kind, value };
  if (prefixed) return { kind: ({ user: 'user', queue: 'queue', tel: 'phone' } as const)[prefixed[1]!.toLowerCase() as 'user' | 'queue' | 'tel'], value };
  return { kind: /^[+\d\s().-]+$/.test(value) ? 'phone' : 'user', value };
}

export class GenesysProvider implements CallProvider {
  readonly kind = 'genesys';
  readonly options: GenesysOptions;
  #sink: ProviderSink | undefined;
  #userId = '';
  #disposed = false;
  readonly #session: GenesysSession;
  readonly #channel: NotificationChannel;
  readonly #calls: ConversationTracker;
  readonly #poll: PollLoop;
  #loading: Promise<void> | null = null;
  #reported: CallError | null = null;

  constructor(config: ProviderConfig) {
    this.options = parseOptions(config.options);
    this.#session = new GenesysSession(this.options);
    this.#channel = new NotificationChannel(this.#session, {
      onEvent: (body) => this.#calls.apply(body),
      onDrop: () => {
        // Events may have been missed: re-read the calls and reopen the channel (or poll until it opens).
        this.#setConnection('reconnecting');
        this.#poll.schedule(0);
      },
    });
    this.#calls = new ConversationTracker({
      userId: () => this.#userId,
      update: (recipe) => this.#sink?.update(recipe),
      loadWrapUpCodes: async (callId, participantId) => {
        const codes = await this.#session.request((api) => api.conversations.getConversationsCallParticipantWrapupcodes(callId, participantId), 'wrapUpCodes', callId);
        return (codes ?? []).filter((c) => c.id).map((c) => ({ id: c.id!, name: c.name || c.id! }));
      },
      report: (error) => this.#sink?.fail(error),
    });
    this.#poll = new PollLoop({
      // A round opens the channel when it is down and re-reads the calls; with a channel open, no timer.
      round: async () => {
        await this.#tryChannel();
        await this.#load();
      },
      interval: () => (this.#channel.open ? null : this.options.pollIntervalMs),
      backoff: { base: 1000, max: MAX_BACKOFF_MS },
      onSuccess: () => this.#recovered(),
      onFailure: (error, { backoffMs }) => this.#failed(toCallError(error, { action: 'refresh', signedIn: this.#session.signedIn }), backoffMs),
    });
  }

  /** Whether an update round is running or scheduled (false once polling stopped for good). */
  get updating(): boolean {
    return this.#poll.running || this.#poll.scheduled;
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
    await this.#session.open();
    const me = await this.#session.request((api) => api.users.getUsersMe(), 'connect');
    if (!me?.id) throw new CallError('provider-error', 'Genesys Cloud did not say who is signed in', { action: 'connect' });
    this.#userId = me.id;
    this.#session.markSignedIn();
    this.#update((s) => ({ ...s, self: { id: me.id ?? '', displayName: me.name ?? '', address: me.email ?? '' } }));
    // Channel first, then the list: nothing that happens in between is missed.
    await this.#tryChannel();
    await this.#load();
    if (!this.#channel.open) this.#poll.schedule(this.options.pollIntervalMs);
  }

  disconnect(): Promise<void> {
    this.#disposed = true;
    this.#poll.stop();
    this.#channel.close();
    this.#session.close();
    this.#calls.clear();
    return Promise.resolve();
  }

  createView(): MediaView {
    throw new CallError('unsupported', 'Genesys call control has no media in the browser');
  }

  // ---- updates: notification channel, polling, recovery ----------------------------------------

  /**
   * Opens the notification channel when that is the update mode and none is open. A channel that cannot
   * open while the REST API answers (a proxy without WebSocket support) is not an error: polling keeps the
   * list current and the next round tries again. Auth and rate-limit failures are thrown.
   */
  async #tryChannel(): Promise<void> {
    if (this.options.updates !== 'notifications' || this.#channel.open || this.#disposed) return;
    try {
      await this.#channel.connect(`v2.users.${this.#userId}.conversations.calls`);
    } catch (error) {
      if (!(error instanceof CallError) || (error.code !== 'network' && error.code !== 'provider-error')) throw error;
    }
    if (this.#channel.open) this.#poll.cancelTimer();
  }

  /** Reports a failed round once per kind of failure and returns when to try again (null: stop). */
  #failed(error: CallError, backoff: number): number | null {
    const { retryAfterMs } = (error.cause ?? {}) as Partial<GenesysFailure>;
    if (this.#reported?.code !== error.code && this.#sink) this.#reported = this.#sink.fail(error);
    if (error.code === 'rate-limited') return retryAfterMs ?? Math.max(backoff, this.options.pollIntervalMs);
    if ((error.code === 'token-expired' || error.code === 'auth-failed') && typeof this.options.token !== 'function') {
      // Nothing here can produce a new token: stop until the page gives one (new providerOptions).
      this.#setConnection('failed');
      return null;
    }
    this.#setConnection('reconnecting');
    return backoff;
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
    this.#loading ??= this.#session
      .request((api) => api.conversations.getConversationsCalls(), 'refresh')
      .then((listing) => this.#calls.applyList(listing?.entities ?? []))
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  async refresh(): Promise<void> {
    if (this.#loading) await this.#loading.catch(() => undefined);
    await this.#load();
  }

  // ---- actions -----------------------------------------------------------------------------------

  #selfId(callId: string): string {
    return this.#calls.self(callId).id!;
  }

  /** PATCH one participant; flags the platform accepted show at once, the event or next poll confirms. */
  async #patch(action: string, callId: string, participantId: string, body: ParticipantPatch): Promise<void> {
    await this.#session.request((api) => api.conversations.patchConversationsCallParticipant(callId, participantId, body), action, callId);
    if (body.state === undefined) {
      const { muted, held, recording, wrapup } = body;
      const change: Partial<GenesysParticipant> = {
        ...(muted !== undefined ? { muted } : {}),
        ...(held !== undefined ? { held } : {}),
        ...(recording !== undefined ? { recording } : {}),
        ...(wrapup?.code ? { wrapup: { code: wrapup.code } } : {}),
      };
      this.#calls.applyParticipant(callId, participantId, change);
    }
    this.#afterAction();
  }

  /** Polling: read the calls soon instead of a full period later. */
  #afterAction(): void {
    if (!this.#channel.open) this.#poll.schedule(0);
  }

  async startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const { kind, value: target } = parseDestination(to[0] ?? '', options.kind);
    if (options.video) throw new CallError('unsupported', 'Genesys call control places voice calls only');
    if (kind !== 'phone' && kind !== 'user' && kind !== 'queue') throw new CallError('unsupported', `Genesys cannot dial a ${kind}`);
    const body: Models.CreateCallRequest =
      kind === 'user' ? { callUserId: target } : kind === 'queue' ? { callQueueId: target } : { phoneNumber: target };
    if (this.options.callFromQueueId) body.callFromQueueId = this.options.callFromQueueId;
    const created = await this.#session.request((api) => api.conversations.postConversationsCalls(body), 'startCall');
    const id = created?.id;
    if (!id) throw new CallError('provider-error', 'Genesys Cloud did not return the new call', { action: 'startCall' });
    // Shown at once as dialling; the conversation event (or the next read) fills in the participants.
    this.#update((s) =>
      s.calls.some((c) => c.id === id)
        ? s
        : upsertCall(s, createCall({ id, direction: 'outgoing', state: 'connecting', remoteParties: [{ displayName: target, address: target }], meta: { conversationId: id } })),
    );
    if (!this.#channel.open) await this.refresh().catch(() => undefined); // the poll loop reports read failures
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
    const raw = this.#calls.raw(callId);
    const selfId = this.#selfId(callId);
    const others = (raw?.participants ?? []).filter((p) => p.id && p.id !== selfId && !isEnded(p));
    if (!others.length) throw new CallError('invalid-state', 'Nobody else is on this call to record', { callId });
    for (const p of others) await this.#patch('setRecording', callId, p.id!, { recording: on });
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    // Not in the 2017 spec: the body is checked against the client's current model instead.
    const body = { digits } satisfies Models.Digits;
    await this.#session.request((api) => api.conversations.postConversationParticipantDigits(callId, this.#selfId(callId), { body }), 'sendDtmf', callId);
  }

  /**
   * Blind transfer of the agent's leg (POST …/participants/{agent}/replace) to a user, a queue or an address
   * (number, SIP URI). A consultative transfer onto another call is not offered: a Genesys consult happens
   * inside one conversation (…/consult adds the destination to it), and no request hands one conversation's
   * far end to another conversation.
   */
  async transfer(callId: string, transferTarget: TransferTarget): Promise<void> {
    if (!('to' in transferTarget)) throw new CallError('unsupported', 'Genesys Cloud cannot transfer a call onto another call', { callId });
    // Without a kind or a user:/queue: prefix, the destination is an address (a number or a SIP URI).
    const given = transferTarget.kind ?? (/^(user|queue):/i.test(transferTarget.to.trim()) ? undefined : 'phone');
    const { kind, value } = parseDestination(transferTarget.to, given);
    if (kind !== 'phone' && kind !== 'user' && kind !== 'queue') throw new CallError('unsupported', `Genesys cannot transfer to a ${kind}`, { callId });
    const body: Models.TransferRequest = kind === 'user' ? { userId: value } : kind === 'queue' ? { queueId: value } : { address: value };
    await this.#session.request((api) => api.conversations.postConversationsCallParticipantReplace(callId, this.#selfId(callId), body), 'transfer', callId);
    this.#afterAction();
  }

  /** After-call work: the code and notes go on the agent's participant (PATCH `wrapup`); the call then leaves. */
  async submitWrapUp(callId: string, wrapUp: WrapUpSubmission): Promise<void> {
    const self = this.#calls.self(callId);
    if (!isEnded(self) || !self.wrapupRequired) throw new CallError('invalid-state', 'This call does not wait for after-call work', { callId });
    const wrapup: Models.WrapupInput = { code: wrapUp.codeId, ...(wrapUp.notes ? { notes: wrapUp.notes } : {}) };
    await this.#patch('submitWrapUp', callId, self.id!, { wrapup });
  }

  /** An optional wrap-up left without a code: the participant's `wrapupSkipped` (the spec's way); the call leaves. */
  async skipWrapUp(callId: string): Promise<void> {
    const self = this.#calls.self(callId);
    if (!isEnded(self) || !self.wrapupRequired) throw new CallError('invalid-state', 'This call does not wait for after-call work', { callId });
    if (self.wrapupPrompt !== 'optional') throw new CallError('invalid-state', 'This wrap-up needs a code', { callId });
    await this.#patch('skipWrapUp', callId, self.id!, { wrapupSkipped: true });
  }
}

/**
 * What a user does to a live ACS call: each action runs on the SDK Call behind our id, turns SDK errors
 * into CallErrors, and re-reads the call so the snapshot shows the result at once.
 */
import type { PhoneNumberIdentifier } from '@azure/communication-common';
import { CallError } from '../../core/errors.js';
import type { ParticipantAction } from '../../core/provider.js';
import type { TrackedCall } from './call-tracker.js';
import { isPhoneIdentifier, parseTarget, toCallError, toDtmfTones } from './mapping.js';
import type { AcsCall, AcsLocalVideoStream, AcsRemoteParticipant } from './sdk.js';

/** How long a `,` in a DTMF string waits, as on a phone's dialer. */
const DTMF_PAUSE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface CallActionHost {
  /** The tracked call with our id, or a `not-found` CallError. */
  entry(callId: string): TrackedCall;
  localCamera(): Promise<AcsLocalVideoStream>;
  alternateCallerId(): PhoneNumberIdentifier | undefined;
}

export class AcsCallActions {
  readonly #host: CallActionHost;

  constructor(host: CallActionHost) {
    this.#host = host;
  }

  #liveCall(callId: string): AcsCall {
    const call = this.#host.entry(callId).call;
    if (!call) throw new CallError('invalid-state', 'The call has not been answered yet');
    return call;
  }

  async #act(callId: string, action: string, run: (call: AcsCall) => Promise<void>): Promise<void> {
    const entry = this.#host.entry(callId);
    const call = this.#liveCall(callId);
    try {
      await run(call);
    } catch (error) {
      throw toCallError(error, 'provider-error', action);
    }
    entry.sync();
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#act(callId, 'setMuted', (call) => (muted ? call.mute() : call.unmute()));
  }

  setVideo(callId: string, on: boolean): Promise<void> {
    return this.#act(callId, 'setVideo', async (call) => {
      if (on) {
        if (!call.isLocalVideoStarted) await call.startVideo(await this.#host.localCamera());
        return;
      }
      // stopVideo needs the very LocalVideoStream the call is sending.
      const sending = call.localVideoStreams.find((s) => s.mediaStreamType === 'Video');
      if (sending) await call.stopVideo(sending);
    });
  }

  setScreenShare(callId: string, on: boolean): Promise<void> {
    return this.#act(callId, 'setScreenShare', (call) => (on ? call.startScreenSharing() : call.stopScreenSharing()));
  }

  hold(callId: string): Promise<void> {
    return this.#act(callId, 'hold', (call) => call.hold());
  }

  resume(callId: string): Promise<void> {
    return this.#act(callId, 'resume', async (call) => {
      if (call.state !== 'LocalHold') throw new CallError('invalid-state', 'Only a call you put on hold can be resumed');
      await call.resume();
    });
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    const tones = toDtmfTones(digits);
    return this.#act(callId, 'sendDtmf', async (call) => {
      for (const tone of tones) {
        if (tone === null) await sleep(DTMF_PAUSE_MS);
        else await call.sendDtmf(tone);
      }
    });
  }

  addParticipant(callId: string, target: string): Promise<void> {
    const entry = this.#host.entry(callId);
    const identifier = parseTarget(target);
    return this.#act(callId, 'addParticipant', (call) => {
      let rp: AcsRemoteParticipant;
      if (isPhoneIdentifier(identifier)) {
        const alt = this.#host.alternateCallerId();
        if (!alt) throw new CallError('invalid-argument', 'Adding a phone number needs providerOptions.alternateCallerId');
        rp = call.addParticipant({ phoneNumber: identifier.phoneNumber }, { alternateCallerId: alt });
      } else if ('communicationUserId' in identifier || 'microsoftTeamsUserId' in identifier) {
        rp = call.addParticipant(identifier);
      } else {
        throw new CallError('invalid-argument', `Cannot add ${target} to an ACS call`);
      }
      entry.participants.add(rp);
      return Promise.resolve();
    });
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    const entry = this.#host.entry(callId);
    const rp = entry.participants.get(participantId);
    if (!rp) return Promise.reject(new CallError('not-found', `No participant with id ${participantId}`));
    return this.#act(callId, 'removeParticipant', (call) => call.removeParticipant(rp.identifier));
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    if (action.type !== 'mute' || !action.muted) {
      return Promise.reject(new CallError('unsupported', 'Azure Communication Services can mute other participants, not unmute, hold or record them'));
    }
    const rp = this.#host.entry(callId).participants.get(participantId);
    if (!rp) return Promise.reject(new CallError('not-found', `No participant with id ${participantId}`));
    return this.#act(callId, 'participant-mute', () => rp.mute());
  }
}

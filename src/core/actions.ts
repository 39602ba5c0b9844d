/**
 * The names of controller actions, as they appear in `snapshot.pending` and in `CallError.action`. One
 * table, so controls ask "is this pending?" by name instead of by string or pattern.
 */
import type { ParticipantAction } from './provider.js';

export const ACTIONS = {
  connect: 'connect',
  disconnect: 'disconnect',
  dispose: 'dispose',
  subscribe: 'subscribe',
  createView: 'createView',
  setActiveCall: 'setActiveCall',
  startCall: 'startCall',
  join: 'join',
  accept: 'accept',
  reject: 'reject',
  hangUp: 'hangUp',
  setMuted: 'setMuted',
  setVideo: 'setVideo',
  setScreenShare: 'setScreenShare',
  hold: 'hold',
  resume: 'resume',
  sendDtmf: 'sendDtmf',
  addParticipant: 'addParticipant',
  removeParticipant: 'removeParticipant',
  participantMute: 'participant-mute',
  participantHold: 'participant-hold',
  participantRecord: 'participant-record',
  participantWhisper: 'participant-whisper',
  participantListen: 'participant-listen',
  setRecording: 'setRecording',
  setRecordingPaused: 'setRecordingPaused',
  transfer: 'transfer',
  mergeCalls: 'mergeCalls',
  submitWrapUp: 'submitWrapUp',
  skipWrapUp: 'skipWrapUp',
  redirect: 'redirect',
  selectDevice: 'selectDevice',
  requestPermissions: 'requestPermissions',
  refresh: 'refresh',
} as const;

export type ActionName = (typeof ACTIONS)[keyof typeof ACTIONS];

const PARTICIPANT_ACTIONS: Readonly<Record<ParticipantAction['type'], ActionName>> = {
  mute: ACTIONS.participantMute,
  hold: ACTIONS.participantHold,
  record: ACTIONS.participantRecord,
  whisper: ACTIONS.participantWhisper,
  listen: ACTIONS.participantListen,
};

/** The pending-action name of a participant action (`participant-mute`, …). */
export function participantActionName(type: ParticipantAction['type']): ActionName {
  return PARTICIPANT_ACTIONS[type];
}

/** Actions on one participant: a list shows them as busy on that participant's row. */
export const PARTICIPANT_ACTION_NAMES: readonly ActionName[] = [
  ACTIONS.addParticipant,
  ACTIONS.removeParticipant,
  ...Object.values(PARTICIPANT_ACTIONS),
];

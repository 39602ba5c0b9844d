import type { Capability, DestinationKind } from '../../core/state.js';

export const SCENARIOS = [
  'idle',
  'incoming',
  'one-to-one',
  'group',
  'screen-share',
  'on-hold',
  'permission-denied',
  'call-control',
  /** The agent console with its first conversation over and waiting for a wrap-up code. */
  'wrap-up',
] as const;

export type Scenario = (typeof SCENARIOS)[number];

export const NAMES = [
  'Alex Morgan',
  'Jordan Lee',
  'Sam Rivera',
  'Priya Patel',
  'Chen Wei',
  'Fatima Khan',
  'Lukas Schmidt',
  'María García',
  'Kenji Tanaka',
  'Amara Okafor',
  'Noah Williams',
  'Elif Yılmaz',
];

export const nameAt = (i: number): string => NAMES[i] ?? `Guest ${i + 1}`;

/** A fake but well-formed E.164 number in the 555 range for participant `i`. */
export const numberAt = (i: number): string => `+1202555${String(100 + i).padStart(4, '0')}`;

export const MEDIA_CALL_CAPABILITIES: readonly Capability[] = [
  'mute',
  'video',
  'screen-share',
  'hold',
  'dtmf',
  'add-participant',
  'remove-participant',
  'transfer',
  'consult-transfer',
  'merge',
];

export const GROUP_CALL_CAPABILITIES: readonly Capability[] = [
  'mute',
  'video',
  'screen-share',
  'add-participant',
  'remove-participant',
  'participant-mute',
  'hang-up-for-everyone',
];

export const CONTROL_CALL_CAPABILITIES: readonly Capability[] = [
  'hold',
  'dtmf',
  'participant-mute',
  'participant-hold',
  'remove-participant',
  'add-participant',
  'record',
  'whisper',
  'listen-pause',
  'transfer',
  'consult-transfer',
  'merge',
];

/** Added to a call's capabilities while it records: a recording that runs can be paused. */
export const RECORDING_CAPABILITY = 'record-pause' satisfies Capability;

export const MEDIA_PLATFORM: readonly Capability[] = ['outgoing', 'incoming', 'group-join', 'device-select', 'speaker-select'];
export const CONTROL_PLATFORM: readonly Capability[] = ['outgoing'];

export const MEDIA_DESTINATIONS: readonly DestinationKind[] = ['phone', 'user', 'sip'];
export const CONTROL_DESTINATIONS: readonly DestinationKind[] = ['phone', 'user', 'queue'];

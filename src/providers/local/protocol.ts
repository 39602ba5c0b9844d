/**
 * The signaling protocol as the browser sees it. The server (server/protocol.js) validates every client
 * message against a JSON Schema; these types mirror those schemas and the server's replies.
 */
import type { RoomTicket } from '../janus/janus-room.js';

export interface PresenceEntry {
  readonly user: string;
  readonly displayName: string;
  /** In a call or a room (an invitation would get `busy`). */
  readonly busy: boolean;
}

export interface SignalPayload {
  readonly description?: { readonly type: 'offer' | 'answer'; readonly sdp: string };
  readonly candidate?: {
    readonly candidate: string;
    readonly sdpMid?: string | null;
    readonly sdpMLineIndex?: number | null;
    readonly usernameFragment?: string | null;
  };
}

/** The media state a party shares with the others in its call. */
export interface MediaState {
  readonly muted: boolean;
  readonly video: boolean;
  readonly held: boolean;
  readonly screen: boolean;
}

export type ClientMessage =
  | {
      type: 'hello';
      user: string;
      displayName?: string;
      secret?: string;
      resume?: string;
      calls?: { callId: string; peer: string }[];
      rooms?: string[];
    }
  | { type: 'invite'; callId: string; to: string; video: boolean }
  | { type: 'accept' | 'reject' | 'cancel'; callId: string }
  | { type: 'hangup'; callId: string; reason?: 'network' }
  | { type: 'ping' }
  | { type: 'join' | 'leave'; room: string }
  | ({ type: 'signal'; callId: string; to: string } & SignalPayload)
  | ({ type: 'state'; callId: string } & Partial<MediaState>);

export type ServerMessage =
  | { type: 'welcome'; user: string; resume: string; online: PresenceEntry[]; onlineTotal?: number; calls: string[] }
  | ({ type: 'presence'; online: boolean } & PresenceEntry)
  | { type: 'presence-batch'; changes: ({ online: boolean } & PresenceEntry)[] }
  | { type: 'pong' }
  | { type: 'invite'; callId: string; from: string; displayName: string; video: boolean }
  | { type: 'ringing'; callId: string; to: string; displayName: string }
  | { type: 'accepted' | 'rejected'; callId: string; from: string }
  | { type: 'cancelled' | 'hangup'; callId: string; from: string; reason?: string }
  | { type: 'joined'; callId: string; room: string; members: { user: string; displayName: string }[]; janus?: RoomTicket }
  | { type: 'peer-joined'; callId: string; user: string; displayName: string }
  | { type: 'peer-left'; callId: string; user: string; reason?: string }
  | ({ type: 'signal'; callId: string; from: string } & SignalPayload)
  | ({ type: 'state'; callId: string; from: string } & Partial<MediaState>)
  | { type: 'error'; code: string; message: string; ref?: string; limit?: string };

/** Names the server accepts for users and rooms (kept in step with server/protocol.js). */
export const NAME_RULE = 'letters, digits, spaces or . _ @ - (no tabs, new lines or other control characters), starting with a letter or digit';
/** Control characters, refused in display names (they break lines and layouts of everyone who sees them). */
export const CONTROL_CHARACTERS = /\p{Cc}/u;
export const USER_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.@-]{0,39}$/u;
export const ROOM_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u;

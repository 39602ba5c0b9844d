// The signaling protocol: one JSON Schema per client message type, compiled once with ajv. Every string is
// bounded and no schema admits extra properties, so whatever passes is safe to relay as it is.
import Ajv from 'ajv';

const USER = { type: 'string', minLength: 1, maxLength: 40, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _.@-]*$' };
const DISPLAY = { type: 'string', maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]*$' };
const CALL_ID = { type: 'string', minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };
const ROOM = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]*$' };
const SESSION_ID = { type: 'string', minLength: 1, maxLength: 80, pattern: '^(room:)?[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]*$' };

const message = (type, properties, required = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});

/** Client → server messages. */
export const CLIENT_SCHEMAS = {
  hello: message(
    'hello',
    {
      user: USER,
      displayName: DISPLAY,
      secret: { type: 'string', maxLength: 256 },
      // Proof that this is the same client coming back after a dropped socket (from `welcome`).
      resume: { type: 'string', minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
      // Calls this client is still in, so they survive a reconnect or a server restart.
      calls: {
        type: 'array',
        maxItems: 8,
        items: { type: 'object', additionalProperties: false, required: ['callId', 'peer'], properties: { callId: CALL_ID, peer: USER } },
      },
      rooms: { type: 'array', maxItems: 4, items: ROOM },
    },
    ['user'],
  ),
  invite: message('invite', { callId: CALL_ID, to: USER, video: { type: 'boolean' } }, ['callId', 'to']),
  accept: message('accept', { callId: CALL_ID }, ['callId']),
  reject: message('reject', { callId: CALL_ID }, ['callId']),
  cancel: message('cancel', { callId: CALL_ID }, ['callId']),
  // reason network: the sender's media link to the peer failed for good (the peer is told so, not "hung up").
  hangup: message('hangup', { callId: SESSION_ID, reason: { enum: ['network'] } }, ['callId']),
  join: message('join', { room: ROOM }, ['room']),
  leave: message('leave', { room: ROOM }, ['room']),
  signal: message(
    'signal',
    {
      callId: SESSION_ID,
      to: USER,
      description: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'sdp'],
        properties: { type: { enum: ['offer', 'answer'] }, sdp: { type: 'string', maxLength: 60000 } },
      },
      candidate: {
        type: 'object',
        additionalProperties: false,
        required: ['candidate'],
        properties: {
          candidate: { type: 'string', maxLength: 1024 },
          sdpMid: { type: ['string', 'null'], maxLength: 64 },
          sdpMLineIndex: { type: ['integer', 'null'], minimum: 0, maximum: 255 },
          usernameFragment: { type: ['string', 'null'], maxLength: 256 },
        },
      },
    },
    ['callId', 'to'],
  ),
  // The browser's heartbeat (browsers cannot see or send WebSocket pings); answered with `pong`.
  ping: message('ping', {}),
  state: message(
    'state',
    {
      callId: SESSION_ID,
      muted: { type: 'boolean' },
      video: { type: 'boolean' },
      held: { type: 'boolean' },
      screen: { type: 'boolean' },
    },
    ['callId'],
  ),
};

export const MESSAGE_TYPES = Object.keys(CLIENT_SCHEMAS);

const ajv = new Ajv({ allErrors: false, strict: true, unicodeRegExp: true });
const validators = Object.fromEntries(MESSAGE_TYPES.map((t) => [t, ajv.compile(CLIENT_SCHEMAS[t])]));

/** Error codes the server replies with (`{type:'error', code, message, ref?}`). Stable: clients switch on them. */
export const ERROR_CODES = [
  'invalid-message', 'too-large', 'rate-limited', 'not-signed-in', 'already-signed-in', 'auth-failed', 'forbidden',
  'user-taken', 'user-offline', 'busy', 'room-full', 'not-found', 'server-error', 'network',
];

/** What a refused name means, instead of the schema's pattern (sign-in forms show this message). */
const NAME_RULE = 'letters, digits, spaces or . _ @ - (no tabs, new lines or other control characters), starting with a letter or digit';
const READABLE = {
  '/user': `A user name is 1–40 ${NAME_RULE}`,
  '/to': `A user name is 1–40 ${NAME_RULE}`,
  '/displayName': 'A display name cannot contain control characters such as tabs or new lines',
  '/room': `A room name is 1–64 ${NAME_RULE.replace(' @', '')}`,
  '/rooms': `A room name is 1–64 ${NAME_RULE.replace(' @', '')}`,
  '/calls': 'A claimed call names its id and a valid peer user name',
};

/**
 * Parses and validates one raw message. Returns `{ok: true, msg}` or `{ok: false, message}` with a short,
 * bounded explanation that never echoes the payload back.
 */
export function parseMessage(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Not valid JSON' };
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return { ok: false, message: 'A message must be a JSON object' };
  const type = msg.type;
  if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
    return { ok: false, message: `Unknown message type; expected one of ${MESSAGE_TYPES.join(', ')}` };
  }
  const validate = validators[type];
  if (!validate(msg)) {
    const e = validate.errors?.[0];
    const where = e?.instancePath || '(message)';
    const readable = e?.keyword === 'pattern' && READABLE[where.split('/').slice(0, 2).join('/')];
    if (readable) return { ok: false, message: readable };
    const detail = e?.keyword === 'additionalProperties' ? `unexpected property ${String(e.params.additionalProperty).slice(0, 40)}` : e?.message;
    return { ok: false, message: `Invalid ${type}: ${where} ${detail ?? 'is invalid'}`.slice(0, 200) };
  }
  return { ok: true, msg };
}

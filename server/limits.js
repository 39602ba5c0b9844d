// Every limit and timing of the signaling hub, with its default and the environment variable that sets it
// for call-elements-server. One table, so the README, bin.js and the hub never disagree.

/** option → [environment variable, default, what it bounds]. */
export const LIMITS = {
  maxMessageBytes: ['CALL_ELEMENTS_MAX_MESSAGE_BYTES', 64 * 1024, 'longest accepted message, in bytes'],
  rate: ['CALL_ELEMENTS_RATE', 50, 'messages per second per connection, sustained'],
  burst: ['CALL_ELEMENTS_BURST', 200, 'messages per connection in one burst'],
  heartbeatMs: ['CALL_ELEMENTS_HEARTBEAT_MS', 15000, 'ping interval; a connection silent for two is dropped'],
  graceMs: ['CALL_ELEMENTS_GRACE_MS', 15000, 'how long a dropped client keeps its name and calls for its resume token'],
  restoreMs: ['CALL_ELEMENTS_RESTORE_MS', 10000, 'after a restart, how long a call claimed by one side waits for the other'],
  ringMs: ['CALL_ELEMENTS_RING_MS', 45000, 'how long an invitation rings before no-answer'],
  roomLimit: ['CALL_ELEMENTS_ROOM_LIMIT', 6, 'people in one room'],
  maxRinging: ['CALL_ELEMENTS_MAX_RINGING', 3, 'invitations one caller may have ringing at once'],
  reinviteCooldownMs: ['CALL_ELEMENTS_REINVITE_COOLDOWN_MS', 5000, 'wait before calling the same person again after an unanswered invitation'],
  maxRoomsPerConnection: ['CALL_ELEMENTS_MAX_ROOMS_PER_CONNECTION', 4, 'rooms one connection may be in at once'],
  maxConnections: ['CALL_ELEMENTS_MAX_CONNECTIONS', 900, 'open signaling connections in total (keep under the file limit)'],
  maxConnectionsPerAddress: ['CALL_ELEMENTS_MAX_CONNECTIONS_PER_ADDRESS', 32, 'open signaling connections from one IP address'],
  secretFailures: ['CALL_ELEMENTS_SECRET_FAILURES', 5, 'wrong secrets from one address before back-off (1 s, doubling to 60 s)'],
  presenceMs: ['CALL_ELEMENTS_PRESENCE_MS', 250, 'presence changes are sent in one batch per this many ms'],
  welcomeOnlineLimit: ['CALL_ELEMENTS_WELCOME_ONLINE_LIMIT', 200, 'people listed in the welcome (the total is sent too)'],
  endedCallTtlMs: ['CALL_ELEMENTS_ENDED_CALL_TTL_MS', 600000, 'how long an ended call is remembered, so no resume revives it'],
  endedCallMax: ['CALL_ELEMENTS_ENDED_CALL_MAX', 10000, 'ended calls remembered at most (oldest forgotten first)'],
  nodeTimeoutMs: ['CALL_ELEMENTS_NODE_TIMEOUT_MS', 4000, 'with Redis: a process silent this long is taken as dead, and its clients may resume on another'],
};

export const DEFAULT_LIMITS = Object.fromEntries(Object.entries(LIMITS).map(([option, [, value]]) => [option, value]));

/** The limits set in `env`, as hub options; a value that is not a positive integer is refused by name. */
export function limitsFromEnv(env) {
  const options = {};
  for (const [option, [name]] of Object.entries(LIMITS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not "${String(raw).slice(0, 20)}"`);
    options[option] = value;
  }
  return options;
}

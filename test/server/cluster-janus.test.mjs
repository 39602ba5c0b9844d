// Janus and Redis together: signaling processes in one Redis cluster, all routing rooms through one real Janus,
// make exactly one VideoRoom per room. Members joining through different processes get the same one; first
// joins racing on two processes still make one; the room emptied in the shared order is destroyed in Janus;
// the process that created it dies while the room is live and the room lives on, is joined through the
// survivors (and a process started later), and is still destroyed when it empties; the creating process dies
// before the VideoRoom exists and another takes over; a VideoRoom made after its room emptied is destroyed;
// Redis restarted, the VideoRooms nobody knows any more are destroyed; joins waiting on a Janus that never
// answers are refused, typed, within the bound. Real redis-server, Janus and server processes on loopback.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTcpPath } from '../harness/tcp-path.mjs';
import { connect } from './client.mjs';
import { startRedis, startServerProcess } from '../harness/cluster-processes.mjs';
import { startJanus } from '../harness/plugins/janus.mjs';
import { JanusAdmin } from '../../server/janus-rooms.js';

// Short timings, so a dead process is noticed in about a second and its lost clients given up in two.
const LIMITS = { nodeTimeoutMs: 1200, graceMs: 2000, presenceMs: 20, heartbeatMs: 60000 };
// With an admin_key, private rooms (the server makes its rooms private) show in `list` for its holders.
const ADMIN_KEY = 'cluster-janus-test-key';

/** Polls `read` until `done(value)` holds, bounded by `ms`; returns the last value. */
async function until(read, done, ms = 15000, what = 'condition') {
  const deadline = Date.now() + ms;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not hold within ${ms} ms; last: ${JSON.stringify(value)}`);
}

/**
 * A TCP path to Janus that holds connection n (1, 2, …) for `hold(n)` ms before passing it on (Infinity: never
 * answers it); `heard` is everything Janus sent back.
 */
async function janusPath(janusPort, hold) {
  const path = await startTcpPath(janusPort, { hold });
  path.url = `ws://127.0.0.1:${path.port}/`;
  return path;
}

describe('Janus rooms in a Redis cluster: one VideoRoom per room', { timeout: 300000 }, () => {
  let redis;
  let janus;
  let admin;
  const processes = [];
  const clients = [];
  const paths = [];
  const pathToJanus = async (hold) => {
    const path = await janusPath(janus.port, hold);
    paths.push(path);
    return path;
  };
  const start = async (limits = LIMITS, env = {}) => {
    const p = await startServerProcess(redis.url, limits, 0, {
      CALL_ELEMENTS_JANUS: janus.url, CALL_ELEMENTS_JANUS_ADMIN_KEY: ADMIN_KEY, ...env,
    });
    processes.push(p);
    return p;
  };
  const signIn = async (server, user) => {
    const c = await connect(server, { user });
    assert.equal(c.welcome.type, 'welcome', JSON.stringify(c.welcome));
    clients.push(c);
    return c;
  };
  /** The VideoRooms Janus holds for `room` (the server describes each by its room name). */
  const videoRooms = async (room) => (await admin.videoroom({ request: 'list', admin_key: ADMIN_KEY })).list.filter((r) => r.description === room);
  const joined = async (client, room) => {
    client.send({ type: 'join', room });
    const reply = await client.next((m) => (m.type === 'joined' || m.type === 'error') && (m.callId === `room:${room}` || m.ref === `room:${room}`), 15000);
    assert.equal(reply.type, 'joined', JSON.stringify(reply));
    return reply;
  };

  before(async () => {
    redis = await startRedis();
    janus = await startJanus({ videoroomAdminKey: ADMIN_KEY });
    admin = new JanusAdmin(janus.url);
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients.length = 0;
    await Promise.all(processes.map((p) => p.stop()));
    processes.length = 0;
    await Promise.all(paths.splice(0).map((p) => p.close()));
  });
  after(async () => {
    admin?.close();
    await janus?.stop();
    await redis?.stop();
  });

  test('members joining through A and B get the same VideoRoom, the only one; the room emptied destroys it', async () => {
    const [a, b] = [await start(), await start()];
    assert.notEqual(a.node, b.node);
    const alice = await signIn(a, 'jc-alice');
    const bob = await signIn(b, 'jc-bob');
    const first = await joined(alice, 'jc-same');
    const second = await joined(bob, 'jc-same');
    assert.equal(typeof first.janus.room, 'number');
    assert.deepEqual([second.janus.room, second.janus.pin, second.janus.server], [first.janus.room, first.janus.pin, first.janus.server]);
    // The ticket's secret stays in the servers.
    assert.equal(first.janus.secret, undefined);
    assert.deepEqual(second.members.map((m) => m.user), ['jc-alice']);
    assert.equal((await alice.next('peer-joined', 5000)).user, 'jc-bob');
    const held = await videoRooms('jc-same');
    assert.deepEqual(held.map((r) => r.room), [first.janus.room]);
    assert.equal(held[0].pin_required, true);

    alice.send({ type: 'leave', room: 'jc-same' });
    assert.equal((await bob.next('peer-left', 5000)).user, 'jc-alice');
    assert.equal((await videoRooms('jc-same')).length, 1, 'one member left: the VideoRoom stays');
    bob.send({ type: 'leave', room: 'jc-same' });
    await until(() => videoRooms('jc-same'), (rooms) => rooms.length === 0, 15000, 'VideoRoom destroyed');
    // The room's next life gets a VideoRoom of its own.
    const again = await joined(bob, 'jc-same');
    assert.notEqual(again.janus.room, first.janus.room);
    assert.deepEqual((await videoRooms('jc-same')).map((r) => r.room), [again.janus.room]);
  });

  test('first joins racing on A and B still make one VideoRoom per room', async () => {
    const [a, b] = [await start(), await start()];
    const onA = await Promise.all(['jr-a1', 'jr-a2', 'jr-a3'].map((u) => signIn(a, u)));
    const onB = await Promise.all(['jr-b1', 'jr-b2', 'jr-b3'].map((u) => signIn(b, u)));
    const rooms = ['jr-race-1', 'jr-race-2', 'jr-race-3'];
    // Both first joins of each room are sent before either is answered.
    const replies = await Promise.all(rooms.flatMap((room, i) => [joined(onA[i], room), joined(onB[i], room)]));
    for (const [i, room] of rooms.entries()) {
      const [fromA, fromB] = replies.slice(2 * i, 2 * i + 2);
      assert.equal(fromA.janus.room, fromB.janus.room, room);
      // Whichever join came first in the shared order, the other was told of it.
      assert.equal(fromA.members.length + fromB.members.length, 1, room);
      assert.deepEqual((await videoRooms(room)).map((r) => r.room), [fromA.janus.room], room);
    }
  });

  test('the process that made the VideoRoom dies: the room lives on, is joined through B and a later process, and is destroyed when it empties', async () => {
    const [a, b] = [await start(), await start()];
    const alice = await signIn(a, 'jk-alice');
    const bob = await signIn(b, 'jk-bob');
    // Alice's join comes first, so A creates the VideoRoom.
    const first = await joined(alice, 'jk-room');
    const second = await joined(bob, 'jk-room');
    assert.equal(second.janus.room, first.janus.room);

    await a.stop();
    // A is noticed dead, alice's grace runs out; bob sees her leave, and the VideoRoom is still there.
    const left = await bob.next('peer-left', 15000);
    assert.deepEqual([left.user, left.reason], ['jk-alice', 'network']);
    assert.deepEqual((await videoRooms('jk-room')).map((r) => r.room), [first.janus.room]);

    const carol = await signIn(b, 'jk-carol');
    const third = await joined(carol, 'jk-room');
    assert.equal(third.janus.room, first.janus.room);
    assert.deepEqual(third.members.map((m) => m.user), ['jk-bob']);
    // A process started now gets the room, ticket and all, from the cluster's snapshot.
    const c = await start();
    const dave = await signIn(c, 'jk-dave');
    const fourth = await joined(dave, 'jk-room');
    assert.deepEqual([fourth.janus.room, fourth.janus.pin], [first.janus.room, first.janus.pin]);
    assert.deepEqual(fourth.members.map((m) => m.user).sort(), ['jk-bob', 'jk-carol']);
    assert.equal((await videoRooms('jk-room')).length, 1);

    for (const member of [bob, carol, dave]) member.send({ type: 'leave', room: 'jk-room' });
    await until(() => videoRooms('jk-room'), (rooms) => rooms.length === 0, 15000, 'VideoRoom destroyed');
  });

  test('the process making a room\'s VideoRoom dies before it is made: the process that notices takes over, and the waiting join gets it', async () => {
    // In front of Janus: the first connection (the creating process's) is held and never answered; later ones pass.
    const path = await pathToJanus((n) => (n === 1 ? Infinity : 0));
    const env = { CALL_ELEMENTS_JANUS: path.url, CALL_ELEMENTS_JANUS_TICKET_MS: '9000' };
    const [a, b] = [await start(LIMITS, env), await start(LIMITS, env)];
    const alice = await signIn(a, 'jo-alice');
    const bob = await signIn(b, 'jo-bob');
    alice.send({ type: 'join', room: 'jo-room' });
    // A took the room's first join and is connecting to Janus; only then does bob's join follow it.
    await until(async () => path.connections, (n) => n === 1, 10000, 'A connecting to Janus');
    bob.send({ type: 'join', room: 'jo-room' });
    await a.stop();
    const seat = await bob.next((m) => m.type === 'joined' || m.type === 'error', 15000);
    assert.equal(seat.type, 'joined', JSON.stringify(seat));
    assert.deepEqual((await videoRooms('jo-room')).map((r) => r.room), [seat.janus.room]);
    // Alice never comes back: her grace runs out, and bob leaving empties the room and destroys it.
    assert.equal((await bob.next('peer-left', 15000)).user, 'jo-alice');
    bob.send({ type: 'leave', room: 'jo-room' });
    await until(() => videoRooms('jo-room'), (rooms) => rooms.length === 0, 15000, 'VideoRoom destroyed');
  });

  test('the only joiner leaves before the VideoRoom is made: it is destroyed when it arrives, and nobody is seated', async () => {
    // Janus answers the creating process 1.5 s late.
    const path = await pathToJanus((n) => (n === 1 ? 1500 : 0));
    const env = { CALL_ELEMENTS_JANUS: path.url };
    // Two processes: both apply the late ticket (either may destroy it).
    const [a] = [await start(LIMITS, env), await start(LIMITS, env)];
    const alice = await signIn(a, 'jl-alice');
    alice.send({ type: 'join', room: 'jl-room' });
    alice.send({ type: 'leave', room: 'jl-room' });
    // Janus made the VideoRoom, then was told to destroy it.
    const made = await until(async () => /"videoroom":"created","room":(\d+)/.exec(path.heard), Boolean, 15000, 'VideoRoom created');
    await until(async () => path.heard, (heard) => heard.includes(`"videoroom":"destroyed","room":${made[1]}`), 15000, 'VideoRoom destroyed');
    assert.deepEqual(await videoRooms('jl-room'), []);
    assert.equal(alice.inbox.some((m) => m.type === 'joined'), false);
  });

  test('Redis restarted (every process forgets its state): the room\'s old VideoRoom is destroyed, and the room rejoined gets one new one', async () => {
    const [a, b] = [await start(), await start()];
    const alice = await signIn(a, 'jx-alice');
    const bob = await signIn(b, 'jx-bob');
    const before = await joined(alice, 'jx-room');
    await joined(bob, 'jx-room');
    assert.equal((await videoRooms('jx-room')).length, 1);
    await redis.stop();
    // Both are told, and their sockets closed.
    for (const member of [alice, bob]) assert.equal((await member.next('error', 10000)).code, 'server-error');
    await redis.start();
    await until(() => videoRooms('jx-room'), (rooms) => rooms.length === 0, 20000, 'the old VideoRoom destroyed');
    // They sign in again (through either process) and rejoin: one new VideoRoom for both.
    const again = [];
    for (const [server, user] of [[b, 'jx-alice'], [a, 'jx-bob']]) {
      const c = await until(() => connect(server, { user }).catch(() => null), (x) => x?.welcome.type === 'welcome', 20000, `${user} back`);
      clients.push(c);
      again.push(await joined(c, 'jx-room'));
    }
    assert.equal(again[0].janus.room, again[1].janus.room);
    assert.notEqual(again[0].janus.room, before.janus.room);
    assert.deepEqual((await videoRooms('jx-room')).map((r) => r.room), [again[0].janus.room]);
  });

  test('joins waiting on a Janus that never answers are refused, typed, within the bound; the room is left', async () => {
    // A path that takes connections and never speaks: the WebSocket to "Janus" never opens.
    const blackHole = await pathToJanus(() => Infinity);
    const env = { CALL_ELEMENTS_JANUS: blackHole.url, CALL_ELEMENTS_JANUS_TICKET_MS: '1500' };
    const [a, b] = [await start(LIMITS, env), await start(LIMITS, env)];
    const erin = await signIn(a, 'jt-erin');
    const finn = await signIn(b, 'jt-finn');
    const began = Date.now();
    erin.send({ type: 'join', room: 'jt-room' });
    finn.send({ type: 'join', room: 'jt-room' });
    for (const member of [erin, finn]) {
      const refused = await member.next((m) => m.type === 'error' || m.type === 'joined', 10000);
      assert.deepEqual([refused.type, refused.code, refused.ref], ['error', 'server-error', 'room:jt-room']);
      assert.match(refused.message, /Janus/);
    }
    // Refused by the 1.5 s bound, not by the 10 s Janus request timeout.
    assert.ok(Date.now() - began < 8000, `refused after ${Date.now() - began} ms`);
    // Out of the room: a later leave finds nothing to leave.
    erin.send({ type: 'leave', room: 'jt-room' });
    assert.equal((await erin.next('error', 5000)).code, 'not-found');
  });
});

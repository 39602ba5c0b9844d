// Two signaling server processes and one Redis act as one server: a call placed across them, presence that
// agrees on both, limits that count across both, a process killed mid-call (its client resumes on the other
// one; a client that never comes back ends its peer's call), and Redis restarted mid-call (clients are told,
// refused while it is away, and get their call back when it returns). Real processes on loopback.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connect, call } from './client.mjs';
import { createServer } from '../../server/index.js';
import { freePort, startRedis, startServerProcess } from '../harness/cluster-processes.mjs';

// Short timings, so a dead process is noticed in about a second and a lost client given up in two.
const LIMITS = { nodeTimeoutMs: 1200, graceMs: 2500, restoreMs: 4000, presenceMs: 20, heartbeatMs: 60000 };

const closed = (client) => new Promise((resolve) => (client.ws.readyState === 3 ? resolve() : client.ws.once('close', resolve)));

/** Signs in again until welcomed (a cluster that lost Redis refuses meanwhile); bounded by `ms`. Returns [client, refusals]. */
async function signIn(server, options, ms = 20000) {
  const refusals = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const c = await connect(server, { ...options, user: undefined }).catch(() => null);
    if (c) {
      c.send({ type: 'hello', user: options.user, ...options.extra });
      const reply = await c.next((m) => m.type === 'welcome' || m.type === 'error', 3000).catch(() => null);
      if (reply?.type === 'welcome') {
        c.welcome = reply;
        return [c, refusals];
      }
      if (reply) refusals.push(reply);
      c.ws.terminate();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`could not sign in as ${options.user}: ${JSON.stringify(refusals.slice(-2))}`);
}

/** A TCP path to Redis for one process; `cut()` drops its connections (they reconnect at once). */
async function redisPath(port) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      sockets.add(from);
      from.on('error', () => undefined);
      from.on('close', () => { sockets.delete(from); to.destroy(); });
      from.pipe(to);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${server.address().port}`,
    cut: () => { for (const s of sockets) s.destroy(); },
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

async function presenceOf(watcher, user, test) {
  return watcher.next((m) => m.type === 'presence' && m.user === user && test(m), 5000);
}

describe('signaling cluster: two processes, one Redis', { timeout: 300000 }, () => {
  let redis;
  const processes = [];
  const start = async (limits = LIMITS) => {
    const p = await startServerProcess(redis.url, limits);
    processes.push(p);
    return p;
  };

  before(async () => {
    redis = await startRedis();
  });
  // Each test's processes form a cluster of their own (every process applies every event with its limits).
  afterEach(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    processes.length = 0;
  });
  after(() => redis.stop());

  test('alice on A calls bob on B: presence agrees on both, invitation, answer, offer/answer/ICE and media state relayed', async () => {
    const [a, b] = [await start(), await start()];
    assert.notEqual(a.node, b.node);
    const alice = await connect(a, { user: 'x-alice' });
    const bob = await connect(b, { user: 'x-bob' });
    assert.equal(bob.welcome.type, 'welcome');
    // Each process lists everyone online, whichever process they are on.
    const watchA = await connect(a, { user: 'x-watch-a' });
    const watchB = await connect(b, { user: 'x-watch-b' });
    const names = (w) => w.welcome.online.map((p) => p.user).sort();
    assert.deepEqual(names(watchA), ['x-alice', 'x-bob']);
    assert.deepEqual(names(watchB), ['x-alice', 'x-bob', 'x-watch-a']);
    // The name is taken on the other process too.
    const twin = await connect(b, { user: 'x-alice' });
    assert.equal(twin.welcome.code, 'user-taken');

    const callId = await call(alice, bob);
    for (const w of [watchA, watchB]) {
      await presenceOf(w, 'x-alice', (m) => m.busy && m.online);
      await presenceOf(w, 'x-bob', (m) => m.busy && m.online);
    }
    alice.send({ type: 'signal', callId, to: 'x-bob', description: { type: 'offer', sdp: 'v=0 offer' } });
    assert.deepEqual(await bob.next('signal'), { type: 'signal', callId, from: 'x-alice', description: { type: 'offer', sdp: 'v=0 offer' } });
    bob.send({ type: 'signal', callId, to: 'x-alice', description: { type: 'answer', sdp: 'v=0 answer' } });
    assert.equal((await alice.next('signal')).description.type, 'answer');
    bob.send({ type: 'signal', callId, to: 'x-alice', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    assert.match((await alice.next('signal')).candidate.candidate, /127\.0\.0\.1 5000/);
    alice.send({ type: 'state', callId, muted: true });
    assert.deepEqual(await bob.next('state'), { type: 'state', callId, from: 'x-alice', muted: true });
    // Someone outside the call may not signal into it, from either process.
    watchB.send({ type: 'signal', callId, to: 'x-alice', candidate: { candidate: 'c' } });
    assert.equal((await watchB.next('error')).code, 'forbidden');

    alice.send({ type: 'hangup', callId });
    assert.deepEqual(await bob.next('hangup'), { type: 'hangup', callId, from: 'x-alice', reason: 'hung-up' });
    bob.send({ type: 'signal', callId, to: 'x-alice', candidate: { candidate: 'c' } });
    assert.equal((await bob.next('error')).code, 'forbidden');
    // A goodbye on one process is seen on the other.
    await Promise.all([alice.close(), bob.close(), twin.close()]);
    for (const w of [watchA, watchB]) {
      await presenceOf(w, 'x-alice', (m) => !m.online);
      await presenceOf(w, 'x-bob', (m) => !m.online);
    }
    await Promise.all([watchA.close(), watchB.close()]);
  });

  test('limits count across processes: a room fills up across both, a re-invite cooldown holds on the other one', async () => {
    const limits = { ...LIMITS, roomLimit: 2, reinviteCooldownMs: 60000 };
    const [a, b] = [await start(limits), await start(limits)];
    const p1 = await connect(a, { user: 'r-one' });
    const p2 = await connect(b, { user: 'r-two' });
    const p3 = await connect(a, { user: 'r-three' });
    p1.send({ type: 'join', room: 'shared' });
    assert.deepEqual((await p1.next('joined')).members, []);
    p2.send({ type: 'join', room: 'shared' });
    assert.deepEqual((await p2.next('joined')).members.map((m) => m.user), ['r-one']);
    assert.equal((await p1.next('peer-joined')).user, 'r-two');
    p3.send({ type: 'join', room: 'shared' });
    assert.equal((await p3.next('error')).code, 'room-full');

    // r-one rings r-two, who declines; ringing again through the other process is refused all the same.
    p1.send({ type: 'leave', room: 'shared' });
    assert.equal((await p2.next('peer-left')).user, 'r-one');
    p2.send({ type: 'leave', room: 'shared' });
    // Anything sent after seeing an effect is ordered after its cause: once the second leave is refused,
    // the first one is applied everywhere, so r-two is free when r-one rings.
    p2.send({ type: 'leave', room: 'shared' });
    assert.equal((await p2.next('error')).code, 'not-found');
    p1.send({ type: 'invite', callId: 'cool-call-1', to: 'r-two' });
    await p1.next('ringing');
    await p2.next('invite');
    p2.send({ type: 'reject', callId: 'cool-call-1' });
    await p1.next('rejected');
    await p1.close();
    const [again] = await signIn(b, { user: 'r-one' });
    again.send({ type: 'invite', callId: 'cool-call-2', to: 'r-two' });
    const refused = await again.next('error');
    assert.deepEqual([refused.code, refused.limit], ['rate-limited', 'reinvite']);
    await Promise.all([again, p2, p3].map((c) => c.close()));
  });

  test('a process started later gets the state: who is online and busy, calls it can resume, connections per address', async () => {
    const limits = { ...LIMITS, maxConnectionsPerAddress: 4 };
    const a = await start(limits);
    const alice = await connect(a, { user: 'j-alice' });
    const bob = await connect(a, { user: 'j-bob' });
    const callId = await call(alice, bob);
    const c = await start(limits);
    const carol = await connect(c, { user: 'j-carol' });
    assert.deepEqual(carol.welcome.online.map((p) => [p.user, p.busy]).sort(), [['j-alice', true], ['j-bob', true]]);
    carol.send({ type: 'invite', callId: 'j-call-busy', to: 'j-alice' });
    assert.equal((await carol.next('error')).code, 'busy');
    // Alice's socket drops; she resumes on the new process with the token A gave her.
    alice.ws.terminate();
    const [back] = await signIn(c, { user: 'j-alice', extra: { resume: alice.welcome.resume, calls: [{ callId, peer: 'j-bob' }] } });
    assert.deepEqual(back.welcome.calls, [callId]);
    bob.send({ type: 'signal', callId, to: 'j-alice', candidate: { candidate: 'to-c' } });
    assert.equal((await back.next('signal', 5000)).candidate.candidate, 'to-c');
    // Four connections from this address in the whole cluster (bob, carol, alice, and this one): the fifth is refused, wherever it lands.
    const fourth = await connect(a, { user: 'j-dave' });
    assert.equal(fourth.welcome.type, 'welcome');
    const fifth = await connect(c, {});
    const refused = await fifth.next('error', 5000);
    assert.deepEqual([refused.code, refused.limit], ['rate-limited', 'connections-per-address']);
    await Promise.all([back, bob, carol, fourth, fifth].map((x) => x.close()));
  });

  test('a process with other limits than the cluster’s refuses to join, and says why', async () => {
    await start();
    await assert.rejects(start({ ...LIMITS, roomLimit: 9 }), /other limits or another secret than the cluster/);
  });

  test('process A killed mid-call: alice resumes through B with the call alive; a client that never returns ends its peer’s call', async () => {
    const [a, b] = [await start(), await start()];
    const alice = await connect(a, { user: 'k-alice' });
    const bob = await connect(b, { user: 'k-bob' });
    const carol = await connect(a, { user: 'k-carol' });
    const dave = await connect(b, { user: 'k-dave' });
    const callId = await call(alice, bob);
    const lostCall = await call(carol, dave);
    alice.send({ type: 'state', callId, video: false });
    await bob.next('state');

    await a.stop(); // SIGKILL: nobody is told goodbye
    await closed(alice);
    const [back] = await signIn(b, { user: 'k-alice', extra: { resume: alice.welcome.resume, calls: [{ callId, peer: 'k-bob' }] } });
    assert.deepEqual(back.welcome.calls, [callId]);
    // The call carries on through B both ways, and bob's state is replayed to the returning alice.
    back.send({ type: 'signal', callId, to: 'k-bob', description: { type: 'offer', sdp: 'v=0 ice-restart' } });
    assert.equal((await bob.next('signal', 5000)).description.sdp, 'v=0 ice-restart');
    bob.send({ type: 'state', callId, muted: true });
    assert.deepEqual(await back.next((m) => m.type === 'state' && m.muted === true), { type: 'state', callId, from: 'k-bob', muted: true });
    // Carol never comes back: once A is taken as dead and her grace is over, dave's call ends with a reason.
    const started = Date.now();
    const ended = await dave.next('hangup', 15000);
    assert.deepEqual([ended.callId, ended.from, ended.reason], [lostCall, 'k-carol', 'network']);
    assert.ok(Date.now() - started < 12000);
    assert.equal(bob.inbox.some((m) => m.type === 'hangup'), false);
    bob.send({ type: 'hangup', callId });
    assert.deepEqual(await back.next('hangup'), { type: 'hangup', callId, from: 'k-bob', reason: 'hung-up' });
    await Promise.all([back, bob, dave].map((c) => c.close()));
  });

  test('one process alone loses Redis for a moment: its clients resume, and one that does not come back ends its peer’s call', async () => {
    const path = await redisPath(redis.port);
    try {
      const a = await startServerProcess(path.url, LIMITS);
      processes.push(a);
      const b = await start();
      const alice = await connect(a, { user: 'p-alice' });
      const bob = await connect(b, { user: 'p-bob' });
      const carol = await connect(a, { user: 'p-carol' });
      const dave = await connect(b, { user: 'p-dave' });
      const callId = await call(alice, bob);
      const lostCall = await call(carol, dave);
      path.cut();
      assert.equal((await alice.next('error', 5000)).code, 'server-error');
      await closed(alice);
      const [back] = await signIn(a, { user: 'p-alice', extra: { resume: alice.welcome.resume, calls: [{ callId, peer: 'p-bob' }] } });
      assert.deepEqual(back.welcome.calls, [callId]);
      back.send({ type: 'signal', callId, to: 'p-bob', candidate: { candidate: 'after-cut' } });
      assert.equal((await bob.next('signal', 5000)).candidate.candidate, 'after-cut');
      // Carol's socket went with the cut and she never returns: the cluster does not keep her online forever.
      const ended = await dave.next('hangup', 15000);
      assert.deepEqual([ended.callId, ended.reason], [lostCall, 'network']);
      await presenceOf(bob, 'p-carol', (m) => !m.online);
      await Promise.all([back, bob, dave].map((c) => c.close()));
    } finally {
      await path.close();
    }
  });

  test('Redis not there when a process starts: it listens, refuses with server-error, and takes clients once Redis is up', async () => {
    const port = await freePort();
    const server = await createServer({ port: 0, host: 'localhost', static: false, redis: `redis://127.0.0.1:${port}`, cluster: { startWaitMs: 300 }, ...LIMITS });
    let late;
    try {
      assert.equal(server.cluster.ready, false);
      const early = await connect(server, {});
      const refusal = await early.next('error', 5000);
      assert.deepEqual([refusal.code, /unreachable/.test(refusal.message)], ['server-error', true]);
      await closed(early);
      late = await startRedis(port);
      const [c, refusals] = await signIn(server, { user: 'late-redis' });
      assert.ok(refusals.every((r) => r.code === 'server-error'));
      assert.equal(server.cluster.ready, true);
      await c.close();
    } finally {
      await server.close();
      await late?.stop();
    }
  });

  test('Redis restarted mid-call: clients are told, refused while it is away, and get the call back when it returns', async () => {
    const [a, b] = [await start(), await start()];
    const alice = await connect(a, { user: 'z-alice' });
    const bob = await connect(b, { user: 'z-bob' });
    const callId = await call(alice, bob);

    await redis.stop();
    for (const c of [alice, bob]) {
      const told = await c.next('error', 10000);
      assert.equal(told.code, 'server-error');
      assert.match(told.message, /signaling store is unreachable/);
      await closed(c);
    }
    // While Redis is away a process refuses with a typed, transient error, and stays up.
    const refused = await connect(a, {});
    const refusal = await refused.next('error', 5000);
    assert.deepEqual([refusal.code, /unreachable/.test(refusal.message)], ['server-error', true]);
    await closed(refused);
    assert.equal(a.child.exitCode, null);
    assert.equal(b.child.exitCode, null);

    await redis.start();
    const [alice2] = await signIn(a, { user: 'z-alice', extra: { resume: alice.welcome.resume, calls: [{ callId, peer: 'z-bob' }] } });
    const [bob2] = await signIn(b, { user: 'z-bob', extra: { resume: bob.welcome.resume, calls: [{ callId, peer: 'z-alice' }] } });
    // Both sides claimed it, so it is restored, across the two processes.
    assert.deepEqual(bob2.welcome.calls, [callId]);
    bob2.send({ type: 'signal', callId, to: 'z-alice', candidate: { candidate: 'after-redis' } });
    assert.equal((await alice2.next('signal', 5000)).candidate.candidate, 'after-redis');
    alice2.send({ type: 'hangup', callId });
    assert.equal((await bob2.next('hangup')).reason, 'hung-up');
    await Promise.all([alice2, bob2].map((c) => c.close()));
  });
});

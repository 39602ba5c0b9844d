// The signaling server under faults and abuse: ended calls stay ended, a restart restores a call only when
// both sides claim it, media state is replayed on return, and every abuse limit refuses with its typed
// error while a normal call still works right after. Real sockets on loopback; every wait is bounded.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, limitsFromEnv, LIMITS } from '../../server/index.js';
import { connect, call } from './client.mjs';

const quiet = { port: 0, host: 'localhost', static: false, heartbeatMs: 60000, presenceMs: 20 };

async function withServer(options, body) {
  const server = await createServer({ ...quiet, ...options });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** Closes a server and starts a fresh one (no memory) on the same port, as a restarted process would. */
async function restart(server, options = {}) {
  await server.close();
  return createServer({ ...quiet, ...options, port: server.port });
}

async function normalCallWorks(server, tag) {
  const a = await connect(server, { user: `after-${tag}-a` });
  const b = await connect(server, { user: `after-${tag}-b` });
  assert.equal(a.welcome.type, 'welcome', JSON.stringify(a.welcome));
  const id = await call(a, b);
  a.send({ type: 'state', callId: id, muted: true });
  assert.equal((await b.next('state')).muted, true);
  await Promise.all([a.close(), b.close()]);
}

describe('signaling server: calls end when they are over', { timeout: 30000 }, () => {
  test('a call hung up while one side was away stays ended when that side resumes', () => withServer({}, async (server) => {
    const alice = await connect(server, { user: 'away-alice' });
    const bob = await connect(server, { user: 'away-bob' });
    const id = await call(alice, bob);
    bob.ws.terminate();
    alice.send({ type: 'hangup', callId: id });
    const back = await connect(server, { user: 'away-bob', extra: { resume: bob.welcome.resume, calls: [{ callId: id, peer: 'away-alice' }] } });
    assert.equal(back.welcome.type, 'welcome');
    assert.deepEqual(back.welcome.calls, []);
    assert.deepEqual(await back.next('hangup'), { type: 'hangup', callId: id, from: 'away-alice', reason: 'hung-up' });
    // Claiming it again (another reconnect) cannot bring it back either.
    back.ws.terminate();
    const again = await connect(server, { user: 'away-bob', extra: { resume: back.welcome.resume, calls: [{ callId: id, peer: 'away-alice' }] } });
    assert.equal((await again.next('hangup')).callId, id);
    alice.send({ type: 'signal', callId: id, to: 'away-bob', candidate: { candidate: 'c' } });
    assert.equal((await alice.next('error')).code, 'forbidden');
    await Promise.all([alice.close(), again.close()]);
  }));

  test('after a restart a call comes back only when both sides claim it; a lone claim ends with network', async () => {
    let server = await createServer({ ...quiet, restoreMs: 400 });
    try {
      const alice = await connect(server, { user: 'rs-alice' });
      const bob = await connect(server, { user: 'rs-bob' });
      const kept = await call(alice, bob);
      server = await restart(server, { restoreMs: 400 });
      const claim = (user, peer, callId) => connect(server, { user, extra: { calls: [{ callId, peer }] } });
      // Both come back: the call is restored, and state set before the second claim reaches it.
      const a2 = await claim('rs-alice', 'rs-bob', kept);
      a2.send({ type: 'state', callId: kept, muted: true });
      a2.send({ type: 'ping' });
      await a2.next('pong'); // the server handles a connection's messages in order: the state is stored
      const b2 = await claim('rs-bob', 'rs-alice', kept);
      assert.deepEqual(b2.welcome.calls, [kept]);
      assert.deepEqual(await b2.next('state'), { type: 'state', callId: kept, from: 'rs-alice', muted: true });
      b2.send({ type: 'signal', callId: kept, to: 'rs-alice', candidate: { candidate: 'c' } });
      assert.equal((await a2.next('signal')).from, 'rs-bob');
      // Only one side comes back: its claim ends after restoreMs, with a reason, and stays ended.
      const lone = await claim('rs-carol', 'rs-dave', 'call-ghost-0001');
      const started = Date.now();
      const end = await lone.next('hangup', 5000);
      assert.deepEqual([end.reason, end.from], ['network', 'rs-dave']);
      assert.ok(Date.now() - started < 3000);
      const late = await claim('rs-dave', 'rs-carol', 'call-ghost-0001');
      assert.deepEqual(late.welcome.calls, []);
      assert.equal((await late.next('hangup')).reason, 'ended');
      await Promise.all([a2.close(), b2.close(), lone.close(), late.close()]);
    } finally {
      await server.close();
    }
  });

  test('a state change made while the peer was away is replayed when it resumes', () => withServer({}, async (server) => {
    const alice = await connect(server, { user: 'st-alice' });
    const bob = await connect(server, { user: 'st-bob' });
    const id = await call(alice, bob);
    bob.ws.terminate();
    await alice.next((m) => m.type === 'presence' && m.user === 'st-bob' && !m.online);
    alice.send({ type: 'state', callId: id, muted: true, video: false });
    const back = await connect(server, { user: 'st-bob', extra: { resume: bob.welcome.resume, calls: [{ callId: id, peer: 'st-alice' }] } });
    assert.deepEqual(await back.next('state'), { type: 'state', callId: id, from: 'st-alice', muted: true, video: false });
    await Promise.all([alice.close(), back.close()]);
  }));

  test('during the grace period the name belongs to its resume token', () => withServer({ graceMs: 5000 }, async (server) => {
    const owner = await connect(server, { user: 'grace-owner' });
    owner.ws.terminate();
    const newcomer = await connect(server, { user: 'grace-owner' });
    assert.equal(newcomer.welcome.code, 'user-taken');
    const back = await connect(server, { user: 'grace-owner', extra: { resume: owner.welcome.resume } });
    assert.equal(back.welcome.type, 'welcome');
    await Promise.all([newcomer.close(), back.close()]);
  }));

  test('the browser heartbeat: ping is answered with pong', () => withServer({}, async (server) => {
    const c = await connect(server, { user: 'pinger' });
    c.send({ type: 'ping' });
    assert.deepEqual(await c.next('pong'), { type: 'pong' });
    await c.close();
  }));
});

describe('signaling server: abuse limits', { timeout: 30000 }, () => {
  test('ringing invitations per caller', () => withServer({ maxRinging: 2 }, async (server) => {
    const caller = await connect(server, { user: 'ring-caller' });
    const callees = [];
    for (let i = 0; i < 3; i++) callees.push(await connect(server, { user: `ring-callee-${i}` }));
    for (let i = 0; i < 2; i++) {
      caller.send({ type: 'invite', callId: `ring-call-${i}000`, to: `ring-callee-${i}` });
      await caller.next('ringing');
    }
    caller.send({ type: 'invite', callId: 'ring-call-2000', to: 'ring-callee-2' });
    const refused = await caller.next('error');
    assert.deepEqual([refused.code, refused.limit, refused.ref], ['rate-limited', 'ringing', 'ring-call-2000']);
    assert.equal(callees[2].inbox.some((m) => m.type === 'invite'), false);
    await Promise.all([caller.close(), ...callees.map((c) => c.close())]);
    await normalCallWorks(server, 'ringing');
  }));

  test('re-invite cooldown per callee: cancel and ring again is refused for a while', () => withServer({ reinviteCooldownMs: 400 }, async (server) => {
    const caller = await connect(server, { user: 'cool-caller' });
    const callee = await connect(server, { user: 'cool-callee' });
    caller.send({ type: 'invite', callId: 'cool-call-1000', to: 'cool-callee' });
    await callee.next('invite');
    caller.send({ type: 'cancel', callId: 'cool-call-1000' });
    await callee.next('cancelled');
    caller.send({ type: 'invite', callId: 'cool-call-2000', to: 'cool-callee' });
    const refused = await caller.next('error');
    assert.deepEqual([refused.code, refused.limit], ['rate-limited', 'reinvite']);
    assert.match(refused.message, /try again in 1 s/);
    // Once the cooldown is over, the same call goes through.
    let rang = null;
    for (let i = 0; i < 40 && !rang; i++) {
      await new Promise((r) => setTimeout(r, 50));
      caller.send({ type: 'invite', callId: `cool-call-3${String(i).padStart(3, '0')}`, to: 'cool-callee' });
      rang = await caller.next((m) => m.type === 'ringing' || m.type === 'error', 2000).then((m) => (m.type === 'ringing' ? m : null));
    }
    assert.ok(rang, 'the invitation rings once the cooldown is over');
    await Promise.all([caller.close(), callee.close()]);
    await normalCallWorks(server, 'cooldown');
  }));

  test('rooms per connection', () => withServer({ maxRoomsPerConnection: 2 }, async (server) => {
    const c = await connect(server, { user: 'roomy' });
    for (const room of ['one', 'two']) {
      c.send({ type: 'join', room });
      await c.next('joined');
    }
    c.send({ type: 'join', room: 'three' });
    const refused = await c.next('error');
    assert.deepEqual([refused.code, refused.limit, refused.ref], ['rate-limited', 'rooms', 'room:three']);
    c.send({ type: 'leave', room: 'one' });
    c.send({ type: 'join', room: 'three' });
    assert.equal((await c.next('joined')).room, 'three');
    await c.close();
    await normalCallWorks(server, 'rooms');
  }));

  test('connections per address and in total', async () => {
    await withServer({ maxConnectionsPerAddress: 3 }, async (server) => {
      const open = await Promise.all([0, 1, 2].map(() => connect(server)));
      const extra = await connect(server);
      const refused = await extra.next('error');
      assert.deepEqual([refused.code, refused.limit], ['rate-limited', 'connections-per-address']);
      await new Promise((r) => extra.ws.readyState === 3 ? r() : extra.ws.once('close', r));
      await Promise.all(open.map((c) => c.close()));
      await normalCallWorks(server, 'per-address');
    });
    await withServer({ maxConnections: 2 }, async (server) => {
      const open = await Promise.all([0, 1].map(() => connect(server)));
      const extra = await connect(server);
      assert.deepEqual([(await extra.next('error')).limit], ['connections']);
      await Promise.all([...open, extra].map((c) => c.close()));
      await normalCallWorks(server, 'total');
    });
  });

  test('wrong secrets from one address back off', () => withServer({ secret: 'right-secret', secretFailures: 2 }, async (server) => {
    for (let i = 0; i < 2; i++) assert.equal((await connect(server, { user: `guess-${i}`, secret: 'wrong' })).welcome.code, 'auth-failed');
    // Now even the right secret waits out the back-off.
    const blocked = await connect(server, { user: 'guess-right', secret: 'right-secret' });
    assert.deepEqual([blocked.welcome.code, blocked.welcome.limit], ['rate-limited', 'secret']);
    let ok = null;
    for (let i = 0; i < 40 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const attempt = await connect(server, { user: `guess-ok-${i}`, secret: 'right-secret' });
      if (attempt.welcome.type === 'welcome') ok = attempt;
      else await attempt.close();
    }
    assert.ok(ok, 'the right secret is accepted after the back-off');
    await ok.close();
    const a = await connect(server, { user: 'sec-a', secret: 'right-secret' });
    const b = await connect(server, { user: 'sec-b', secret: 'right-secret' });
    await call(a, b);
    await Promise.all([a.close(), b.close()]);
  }));

  test('presence is coalesced: churn reaches a watcher as a few batches of diffs', () => withServer({ presenceMs: 200 }, async (server) => {
    const watcher = await connect(server, { user: 'watcher' });
    const churners = [];
    for (let i = 0; i < 10; i++) churners.push(await connect(server, { user: `churner-${i}` }));
    await watcher.next((m) => m.type === 'presence' && m.user === 'churner-9');
    watcher.batches.length = 0;
    const start = Date.now();
    for (let round = 0; round < 20; round++) {
      for (const [i, c] of churners.entries()) c.send({ type: round % 2 ? 'leave' : 'join', room: `churn-${i}` });
      await new Promise((r) => setTimeout(r, 25));
    }
    // Someone new coming online is batched after every churn change before it: once the watcher hears of
    // them, all the churn has been delivered.
    const barrier = await connect(server, { user: 'churn-barrier' });
    await watcher.next((m) => m.type === 'presence' && m.user === 'churn-barrier', 5000);
    const seconds = (Date.now() - start) / 1000;
    // 400 changes in about a second: at most one batch per 200 ms, each no bigger than the people who changed.
    assert.ok(watcher.batches.length <= Math.ceil(seconds / 0.2) + 1, `${watcher.batches.length} batches in ${seconds} s`);
    assert.ok(watcher.batches.every((b) => b.size <= churners.length + 1)); // the churners and the barrier
    await Promise.all([watcher.close(), barrier.close(), ...churners.map((c) => c.close())]);
  }));

  test('the welcome lists a bounded number of people, and says how many are online', () => withServer({ welcomeOnlineLimit: 3 }, async (server) => {
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await connect(server, { user: `crowd-${i}` }));
    const late = await connect(server, { user: 'crowd-late' });
    assert.equal(late.welcome.online.length, 3);
    assert.equal(late.welcome.onlineTotal, 5);
    await Promise.all([late, ...people].map((c) => c.close()));
  }));

  test('limits come from environment variables, and a bad value is refused by name', () => {
    assert.deepEqual(limitsFromEnv({ CALL_ELEMENTS_MAX_RINGING: '7', CALL_ELEMENTS_PRESENCE_MS: '100' }), { maxRinging: 7, presenceMs: 100 });
    assert.throws(() => limitsFromEnv({ CALL_ELEMENTS_MAX_CONNECTIONS: 'lots' }), /CALL_ELEMENTS_MAX_CONNECTIONS must be a positive whole number/);
    assert.ok(Object.values(LIMITS).every(([name]) => name.startsWith('CALL_ELEMENTS_')));
  });
});

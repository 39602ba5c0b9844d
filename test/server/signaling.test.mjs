import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createServer, parseMessage } from '../../server/index.js';
import { connect, call } from './client.mjs';

describe('signaling server', { timeout: 30000 }, () => {
  let server;
  // No re-invite cooldown here: these tests ring the same person again at once on purpose.
  before(async () => { server = await createServer({ port: 0, host: 'localhost', static: false, heartbeatMs: 60000, reinviteCooldownMs: 0 }); });
  after(() => server.close());

  test('schema validation: every malformed message gets a clear error reply', async () => {
    const c = await connect(server);
    const cases = [
      ['not json', /Not valid JSON/],
      ['[1,2]', /JSON object/],
      ['{"type":"nope"}', /Unknown message type/],
      [{ type: 'hello' }, /Invalid hello/],
      [{ type: 'hello', user: 'x'.repeat(41) }, /Invalid hello/],
      [{ type: 'hello', user: 'ok', extra: 1 }, /unexpected property extra/],
      [{ type: 'hello', user: '<script>' }, /A user name is 1–40 letters/],
      [{ type: 'hello', user: 'tab\there' }, /no tabs, new lines or other control characters/],
      [{ type: 'hello', user: 'ok', displayName: 'two\nlines' }, /display name cannot contain control characters/],
      [{ type: 'invite', callId: 'short', to: 'bob' }, /Invalid invite/],
    ];
    for (const [payload, expected] of cases) {
      c.send(payload);
      const reply = await c.next('error');
      assert.equal(reply.code, 'invalid-message');
      assert.match(reply.message, expected);
    }
    c.send({ type: 'join', room: 'r' });
    assert.equal((await c.next('error')).code, 'not-signed-in');
    await c.close();
  });

  test('parseMessage accepts a valid signal and rejects an oversized SDP', () => {
    const ok = parseMessage(JSON.stringify({ type: 'signal', callId: 'abcdefgh12', to: 'bob', description: { type: 'offer', sdp: 'v=0' } }));
    assert.equal(ok.ok, true);
    const big = parseMessage(JSON.stringify({ type: 'signal', callId: 'abcdefgh12', to: 'bob', description: { type: 'offer', sdp: 'x'.repeat(60001) } }));
    assert.equal(big.ok, false);
  });

  test('limits: oversized messages and floods are answered, not crashing', async () => {
    const c = await connect(server, { user: 'limits' });
    c.send('x'.repeat(70 * 1024));
    assert.equal((await c.next('error')).code, 'too-large');
    for (let i = 0; i < 400; i++) c.send({ type: 'leave', room: 'nowhere' });
    const limited = await c.next((m) => m.code === 'rate-limited');
    assert.match(limited.message, /per second/);
    await c.close();
  });

  test('user-taken and presence (online, then offline on close)', async () => {
    const a = await connect(server, { user: 'ann', displayName: 'Ann A.' });
    assert.equal(a.welcome.type, 'welcome');
    const b = await connect(server, { user: 'ann' });
    assert.equal(b.welcome.code, 'user-taken');
    const c = await connect(server, { user: 'cat' });
    assert.ok(c.welcome.online.some((p) => p.user === 'ann' && p.displayName === 'Ann A.'));
    const seen = await a.next((m) => m.type === 'presence' && m.user === 'cat');
    assert.equal(seen.online, true);
    await c.close();
    assert.equal((await a.next((m) => m.type === 'presence' && m.user === 'cat')).online, false);
    await Promise.all([a.close(), b.close()]);
  });

  test('1:1: ring, accept, relay, hang up; busy; user-offline; reject; cancel', async () => {
    const alice = await connect(server, { user: 'alice' });
    const bob = await connect(server, { user: 'bob' });
    const carol = await connect(server, { user: 'carol' });
    const id = await call(alice, bob);
    alice.send({ type: 'signal', callId: id, to: 'bob', description: { type: 'offer', sdp: 'v=0' } });
    const offer = await bob.next('signal');
    assert.deepEqual([offer.from, offer.description.type], ['alice', 'offer']);
    bob.send({ type: 'state', callId: id, muted: true });
    assert.deepEqual(await alice.next('state'), { type: 'state', callId: id, from: 'bob', muted: true });
    carol.send({ type: 'invite', callId: 'carol-call-1', to: 'bob' });
    assert.equal((await carol.next('error')).code, 'busy');
    carol.send({ type: 'invite', callId: 'carol-call-2', to: 'nobody' });
    const offline = await carol.next('error');
    assert.equal(offline.code, 'user-offline');
    assert.equal(offline.ref, 'carol-call-2');
    alice.send({ type: 'hangup', callId: id });
    assert.equal((await bob.next('hangup')).reason, 'hung-up');

    carol.send({ type: 'invite', callId: 'carol-call-3', to: 'bob' });
    await bob.next('invite');
    bob.send({ type: 'reject', callId: 'carol-call-3' });
    await carol.next('rejected');
    carol.send({ type: 'invite', callId: 'carol-call-4', to: 'bob' });
    await bob.next('invite');
    carol.send({ type: 'cancel', callId: 'carol-call-4' });
    await bob.next('cancelled');
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  test('no signaling into a call you are not in', async () => {
    const alice = await connect(server, { user: 'alice2' });
    const bob = await connect(server, { user: 'bob2' });
    const mallory = await connect(server, { user: 'mallory' });
    const id = await call(alice, bob);
    mallory.send({ type: 'signal', callId: id, to: 'bob2', candidate: { candidate: 'candidate:evil' } });
    assert.equal((await mallory.next('error')).code, 'forbidden');
    mallory.send({ type: 'state', callId: id, muted: true });
    assert.equal((await mallory.next('error')).code, 'forbidden');
    mallory.send({ type: 'hangup', callId: id });
    assert.equal((await mallory.next('error')).code, 'not-found');
    mallory.send({ type: 'accept', callId: id });
    assert.equal((await mallory.next('error')).code, 'not-found');
    // Alice cannot answer her own call, nor relay to someone outside it.
    alice.send({ type: 'accept', callId: id });
    assert.equal((await alice.next('error')).code, 'not-found');
    alice.send({ type: 'signal', callId: id, to: 'mallory', candidate: { candidate: 'candidate:x' } });
    assert.equal((await alice.next('error')).code, 'forbidden');
    // A legitimate state change from alice comes after anything the server might have relayed to bob.
    alice.send({ type: 'state', callId: id, held: true });
    await bob.next((m) => m.type === 'state' && m.from === 'alice2' && m.held === true);
    assert.equal(bob.inbox.filter((m) => m.type === 'signal' || m.type === 'state').length, 0);
    await Promise.all([alice.close(), bob.close(), mallory.close()]);
  });

  test('rooms: mesh membership, room-full for the 7th, leave', async () => {
    const people = [];
    for (let i = 0; i < 7; i++) people.push(await connect(server, { user: `room-user-${i}` }));
    for (let i = 0; i < 6; i++) {
      people[i].send({ type: 'join', room: 'standup' });
      const joined = await people[i].next('joined');
      assert.equal(joined.members.length, i);
    }
    assert.equal((await people[0].next('peer-joined')).user, 'room-user-1');
    people[6].send({ type: 'join', room: 'standup' });
    const full = await people[6].next('error');
    assert.equal(full.code, 'room-full');
    people[6].send({ type: 'signal', callId: 'room:standup', to: 'room-user-0', candidate: { candidate: 'c' } });
    assert.equal((await people[6].next('error')).code, 'forbidden');
    people[1].send({ type: 'leave', room: 'standup' });
    assert.equal((await people[0].next('peer-left')).user, 'room-user-1');
    people[6].send({ type: 'join', room: 'standup' });
    assert.equal((await people[6].next('joined')).members.length, 5);
    await Promise.all(people.map((p) => p.close()));
  });

  test('resume: the same client returns with its token and keeps its call', async () => {
    const alice = await connect(server, { user: 'res-alice' });
    const bob = await connect(server, { user: 'res-bob' });
    const id = await call(alice, bob);
    alice.ws.terminate();
    const again = await connect(server, { user: 'res-alice', extra: { resume: alice.welcome.resume, calls: [{ callId: id, peer: 'res-bob' }] } });
    assert.equal(again.welcome.type, 'welcome');
    assert.deepEqual(again.welcome.calls, [id]);
    bob.send({ type: 'state', callId: id, video: false });
    assert.equal((await again.next('state')).video, false);
    await Promise.all([again.close(), bob.close()]);
  });

  test('fuzz: thousands of malformed messages, then a normal call still works', async () => {
    // Its own server with the rate limit lifted, so every message is parsed rather than throttled.
    const server = await createServer({ port: 0, static: false, rate: 1e6, burst: 1e6, heartbeatMs: 60000 });
    const fuzzer = await connect(server, { user: 'fuzzer' });
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (xs) => xs[Math.floor(rand() * xs.length)];
    const values = [null, true, 0, -1, 1e308, '', 'x'.repeat(300), '\u0000', [], {}, { a: 1 }, '__proto__', 'room:', 'call-000000001'];
    const types = ['hello', 'invite', 'accept', 'reject', 'cancel', 'hangup', 'join', 'leave', 'signal', 'state', 'welcome', 'constructor', '__proto__'];
    const keys = ['callId', 'to', 'room', 'user', 'description', 'candidate', 'muted', 'video', '__proto__', 'constructor', 'sdp'];
    let errors = 0;
    const answered = new Promise((resolve) => fuzzer.ws.on('message', () => ++errors > 2900 && resolve()));
    for (let i = 0; i < 3000; i++) {
      let payload;
      const r = rand();
      if (r < 0.15) payload = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      else if (r < 0.3) payload = JSON.stringify(pick(values));
      else {
        const msg = { type: pick(types) };
        for (let k = 0; k < Math.floor(rand() * 4); k++) msg[pick(keys)] = pick(values);
        payload = JSON.stringify(msg);
        if (rand() < 0.2) payload = payload.slice(0, Math.floor(rand() * payload.length));
        if (rand() < 0.1) payload = payload.replace('{', '{"__proto__":{"polluted":1},');
      }
      fuzzer.send(payload);
    }
    // Replies are awaited (bounded), not a fixed pause: on a loaded machine 3,000 replies take a while.
    await Promise.race([answered, new Promise((r) => setTimeout(r, 30000).unref())]);
    assert.ok(errors > 2900, `expected a reply to (nearly) every message, got ${errors}`);
    assert.equal({}.polluted, undefined);
    const alice = await connect(server, { user: 'after-fuzz-a' });
    const bob = await connect(server, { user: 'after-fuzz-b' });
    const id = await call(alice, bob);
    alice.send({ type: 'signal', callId: id, to: 'after-fuzz-b', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    assert.equal((await bob.next('signal')).candidate.sdpMid, '0');
    await Promise.all([fuzzer.close(), alice.close(), bob.close()]);
    await server.close();
  });
});

describe('signaling server: origin and secret', { timeout: 30000 }, () => {
  let server;
  before(async () => { server = await createServer({ port: 0, static: false, secret: 's3cret-value', heartbeatMs: 60000 }); });
  after(() => server.close());

  test('foreign origins are refused at the upgrade; localhost pages are allowed', async () => {
    await assert.rejects(connect(server, { origin: 'https://evil.example' }), /403/);
    const ok = await connect(server, { origin: 'http://localhost:1234' });
    await ok.close();
  });

  test('the shared secret is required in the first message', async () => {
    const wrong = await connect(server, { user: 'sam', secret: 'nope' });
    assert.equal(wrong.welcome.code, 'auth-failed');
    const missing = await connect(server, { user: 'sam' });
    assert.equal(missing.welcome.code, 'auth-failed');
    const right = await connect(server, { user: 'sam', secret: 's3cret-value' });
    assert.equal(right.welcome.type, 'welcome');
    await Promise.all([wrong.close(), missing.close(), right.close()]);
  });

  test('heartbeats drop a peer that stops answering pings', async () => {
    const quick = await createServer({ port: 0, static: false, heartbeatMs: 100, graceMs: 50, presenceMs: 10 });
    try {
      const watcher = await connect(quick, { user: 'watcher' });
      const ws = new WebSocket(quick.signalUrl, { autoPong: false });
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'hello', user: 'silent' }));
      const closed = new Promise((r) => ws.once('close', r));
      assert.equal((await watcher.next((m) => m.type === 'presence' && m.user === 'silent')).online, true);
      await closed;
      assert.equal((await watcher.next((m) => m.type === 'presence' && m.user === 'silent')).online, false);
      await watcher.close();
    } finally {
      await quick.close();
    }
  });
});

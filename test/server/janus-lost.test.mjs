// Janus itself lost (SIGKILL, as a crash: all its VideoRooms gone) under a signaling server that routes rooms
// through it: every member of a room whose VideoRoom vanished is told its call ended (network), the room is
// forgotten, and once Janus is back on the same port the next join to that room gets a new VideoRoom that
// exists in Janus. Alone, and in a two-process Redis cluster (still one VideoRoom per room); a dropped
// connection with Janus still up keeps its rooms. Real Janus,
// redis-server and server processes on loopback.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTcpPath } from '../harness/tcp-path.mjs';
import { connect } from './client.mjs';
import { startRedis, startServerProcess } from '../harness/cluster-processes.mjs';
import { startJanus, startJanusSignaling } from '../harness/plugins/janus.mjs';
import { JanusAdmin } from '../../server/janus-rooms.js';

// With an admin_key, private rooms (the server makes its rooms private) show in `list` for its holders.
const ADMIN_KEY = 'janus-lost-test-key';
const LIMITS = { nodeTimeoutMs: 1200, graceMs: 2000, presenceMs: 20, heartbeatMs: 60000 };

/** A TCP path to Janus whose connections `cut()` drops (Janus itself stays up); `heard` is what Janus sent back. */
async function cuttablePath(janusPort) {
  const path = await startTcpPath(janusPort);
  path.url = `ws://127.0.0.1:${path.port}/`;
  return path;
}

describe('Janus lost under the signaling server', { timeout: 240000 }, () => {
  let janus;
  let admin;
  let redis;
  const servers = [];
  const clients = [];

  const signIn = async (server, user) => {
    const c = await connect(server, { user });
    assert.equal(c.welcome.type, 'welcome', JSON.stringify(c.welcome));
    clients.push(c);
    return c;
  };
  const joined = async (client, room) => {
    client.send({ type: 'join', room });
    const reply = await client.next((m) => (m.type === 'joined' || m.type === 'error') && (m.callId === `room:${room}` || m.ref === `room:${room}`), 15000);
    assert.equal(reply.type, 'joined', JSON.stringify(reply));
    return reply;
  };
  /** The VideoRooms Janus holds for `room` (the server describes each by its room name). */
  const videoRooms = async (room) => (await admin.videoroom({ request: 'list', admin_key: ADMIN_KEY })).list.filter((r) => r.description === room);
  /** Janus SIGKILLed, then started again on the same port (after `waitBetween` resolves; without it, at once). */
  const crashAndRestart = async (waitBetween) => {
    assert.equal(await janus.kill(), 'SIGKILL');
    await waitBetween?.();
    const port = janus.port;
    await janus.stop(); // removes the dead one's configuration
    janus = await startJanus({ port, videoroomAdminKey: ADMIN_KEY });
  };
  /** The server ends a member's room: a typed error to show, then the hangup (its reason is returned). */
  const endedByServer = async (client, room) => {
    const error = await client.next((m) => m.type === 'error' && m.ref === `room:${room}`, 20000);
    assert.equal(error.code, 'network');
    const ended = await client.next((m) => m.type === 'hangup' && m.callId === `room:${room}`, 5000);
    assert.equal(client.inbox.indexOf(ended), -1);
    return ended;
  };

  before(async () => {
    janus = await startJanus({ videoroomAdminKey: ADMIN_KEY });
    admin = new JanusAdmin(janus.url);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  after(async () => {
    admin?.close();
    await janus?.stop();
    await redis?.stop();
  });

  test('one process: Janus killed, the members are told (network); restarted, the next join gets a new VideoRoom that exists', async () => {
    const server = await startJanusSignaling(janus.url, { CALL_ELEMENTS_JANUS_ADMIN_KEY: ADMIN_KEY });
    servers.push(server);
    const alice = await signIn(server, 'jl-alice');
    const bob = await signIn(server, 'jl-bob');
    const first = await joined(alice, 'jl-room');
    assert.equal((await joined(bob, 'jl-room')).janus.room, first.janus.room);
    assert.deepEqual((await videoRooms('jl-room')).map((r) => r.room), [first.janus.room]);

    // Down long enough for the server to give up asking (it tries for about two seconds).
    await crashAndRestart(async () => {
      for (const member of [alice, bob]) assert.equal((await endedByServer(member, 'jl-room')).reason, 'network');
    });
    assert.deepEqual(await videoRooms('jl-room'), [], 'a restarted Janus has no VideoRoom of before');

    const carol = await signIn(server, 'jl-carol');
    const again = await joined(carol, 'jl-room');
    assert.notEqual(again.janus.room, first.janus.room);
    assert.deepEqual(again.members, [], 'nobody left in the room from before');
    assert.deepEqual((await videoRooms('jl-room')).map((r) => r.room), [again.janus.room]);
    // A member from before joins again: the same new VideoRoom, and carol is told.
    const back = await joined(alice, 'jl-room');
    assert.equal(back.janus.room, again.janus.room);
    assert.deepEqual(back.members.map((m) => m.user), ['jl-carol']);
    assert.equal((await carol.next('peer-joined', 5000)).user, 'jl-alice');
  });

  test('one process: Janus back at once (before the server asked again): the vanished VideoRoom is still noticed', async () => {
    const server = await startJanusSignaling(janus.url, { CALL_ELEMENTS_JANUS_ADMIN_KEY: ADMIN_KEY });
    servers.push(server);
    const alice = await signIn(server, 'jq-alice');
    const first = await joined(alice, 'jq-room');
    await crashAndRestart();
    assert.equal((await endedByServer(alice, 'jq-room')).reason, 'network');
    const bob = await signIn(server, 'jq-bob');
    const again = await joined(bob, 'jq-room');
    assert.notEqual(again.janus.room, first.janus.room);
    assert.deepEqual(again.members, []);
    assert.deepEqual((await videoRooms('jq-room')).map((r) => r.room), [again.janus.room]);
  });

  test('only the connection to Janus dropped (Janus still up): the rooms are checked and kept', async () => {
    const path = await cuttablePath(janus.port);
    try {
      const server = await startJanusSignaling(path.url, { CALL_ELEMENTS_JANUS_ADMIN_KEY: ADMIN_KEY });
      servers.push(server);
      const alice = await signIn(server, 'jk-alice');
      const first = await joined(alice, 'jk-room');
      const before = path.connections;
      path.heard = '';
      path.cut();
      // The server comes back through the path and asks whether the VideoRoom still exists: it does.
      const deadline = Date.now() + 15000;
      while (!path.heard.includes('"exists":true') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(path.heard.includes('"exists":true'), `the server asked Janus again; heard: ${path.heard.slice(0, 300)}`);
      assert.ok(path.connections > before);
      const bob = await signIn(server, 'jk-bob');
      const second = await joined(bob, 'jk-room');
      assert.equal(second.janus.room, first.janus.room);
      assert.deepEqual(second.members.map((m) => m.user), ['jk-alice']);
      assert.equal((await alice.next('peer-joined', 5000)).user, 'jk-bob');
      assert.deepEqual(alice.inbox.filter((m) => m.type === 'hangup' || m.type === 'error'), []);
      assert.deepEqual((await videoRooms('jk-room')).map((r) => r.room), [first.janus.room]);
    } finally {
      await path.close();
    }
  });

  test('two processes and Redis: both notice, every member is told once, and racing joins afterwards make one new VideoRoom', async () => {
    redis ??= await startRedis();
    const start = async () => {
      const p = await startServerProcess(redis.url, LIMITS, 0, { CALL_ELEMENTS_JANUS: janus.url, CALL_ELEMENTS_JANUS_ADMIN_KEY: ADMIN_KEY });
      servers.push(p);
      return p;
    };
    const [a, b] = [await start(), await start()];
    const alice = await signIn(a, 'jz-alice');
    const bob = await signIn(b, 'jz-bob');
    const first = await joined(alice, 'jz-room');
    assert.equal((await joined(bob, 'jz-room')).janus.room, first.janus.room);

    await crashAndRestart(async () => {
      for (const member of [alice, bob]) assert.equal((await endedByServer(member, 'jz-room')).reason, 'network');
    });
    // Racing first joins through A and B after the restart.
    const carol = await signIn(a, 'jz-carol');
    const dave = await signIn(b, 'jz-dave');
    const [viaA, viaB] = await Promise.all([joined(carol, 'jz-room'), joined(dave, 'jz-room')]);
    assert.equal(viaA.janus.room, viaB.janus.room);
    assert.notEqual(viaA.janus.room, first.janus.room);
    assert.equal(viaA.members.length + viaB.members.length, 1);
    assert.deepEqual((await videoRooms('jz-room')).map((r) => r.room), [viaA.janus.room]);
    // Told once each: the second process's notice of the same loss ended nothing more.
    assert.equal(alice.inbox.filter((m) => m.type === 'hangup' || m.type === 'error').length, 0);
    assert.equal(carol.inbox.filter((m) => m.type === 'hangup').length, 0);
    assert.equal(dave.inbox.filter((m) => m.type === 'hangup').length, 0);
  });
});

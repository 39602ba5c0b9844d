// A tiny signaling client for the server tests: a real WebSocket with an inbox to await messages from.
import WebSocket from 'ws';

export async function connect(server, { origin, user, displayName, secret, extra } = {}) {
  const ws = new WebSocket(server.signalUrl, origin ? { origin } : {});
  const inbox = [];
  const waiters = new Set();
  const batches = [];
  const take = (msg) => {
    inbox.push(msg);
    for (const w of [...waiters]) if (w.test(msg)) { waiters.delete(w); inbox.splice(inbox.indexOf(msg), 1); w.resolve(msg); return; }
  };
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    // Presence arrives in batches; each change is also queued as a `presence` of its own, easier to await.
    if (msg.type === 'presence-batch') {
      batches.push({ at: Date.now(), size: msg.changes.length });
      for (const change of msg.changes) take({ type: 'presence', ...change });
      return;
    }
    take(msg);
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const client = {
    ws,
    inbox,
    batches,
    send: (msg) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    /** The next message matching `test` (already received or still to come). */
    next(test = () => true, ms = 2000) {
      const matcher = typeof test === 'string' ? (m) => m.type === test : test;
      const found = inbox.find(matcher);
      if (found) { inbox.splice(inbox.indexOf(found), 1); return Promise.resolve(found); }
      return new Promise((resolve, reject) => {
        const w = { test: matcher, resolve };
        waiters.add(w);
        setTimeout(() => { if (waiters.delete(w)) reject(new Error(`timed out waiting; inbox: ${JSON.stringify(inbox).slice(0, 300)}`)); }, ms);
      });
    },
    close: () => new Promise((resolve) => {
      if (ws.readyState === 3) return resolve();
      ws.once('close', resolve);
      ws.close(1000);
      // A busy server may not finish the closing handshake quickly; the test does not need it to.
      setTimeout(() => ws.terminate(), 500).unref();
    }),
  };
  if (user) {
    client.send({ type: 'hello', user, ...(displayName ? { displayName } : {}), ...(secret ? { secret } : {}), ...extra });
    client.welcome = await client.next((m) => m.type === 'welcome' || m.type === 'error');
  }
  return client;
}

/** Alice calls Bob and Bob answers; returns the call id. */
export async function call(alice, bob, callId = `call-${Math.random().toString(36).slice(2, 12)}`) {
  alice.send({ type: 'invite', callId, to: bob.welcome.user, video: true });
  await alice.next('ringing');
  await bob.next('invite');
  bob.send({ type: 'accept', callId });
  await alice.next('accepted');
  return callId;
}

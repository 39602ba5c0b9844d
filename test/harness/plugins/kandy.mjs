/**
 * A loopback stand-in for the Kandy CPaaS endpoints that `@kandy-io/cpaas-sdk@4.9.0` calls, read from its
 * unminified bundle: notification channels (kandy.js:43801), call subscriptions (20975), WebRTC signaling
 * sessions (20696–20907) and the websocket notifications the call sagas wait for (21274–21446). It relays
 * SDP between two real SDK clients, so the browser makes a real WebRTC call.
 *
 * Channels and subscriptions are kept, so a test can see what a client left behind: deleting a channel
 * closes its websocket, and a socket to a channel that does not exist is refused.
 * Forward, transfer and join have no endpoints here because 4.9.0 sends no request for them: the CPaaS
 * call plugin wires no saga to FORWARD_CALL, DIRECT_TRANSFER, CONSULTATIVE_TRANSFER or JOIN (kandy.js:21100–21520
 * has takeEvery only for make, answer, hold, unhold, add/remove media, DTMF, end, ignore, reject, stats and
 * replaceTrack), and call/cpaas/requests/calls.js (kandy.js:20675–20931) has no request for them.
 *
 * REST is plain HTTP on 127.0.0.1. The SDK hard-codes `wss:` for the notification websocket (kandy.js:44133),
 * so the page's websocket to this host is routed here through Playwright (`kandy-route-websocket` command).
 */
import http from 'node:http';

/** How long after the caller got its session the platform relays the callee's "Ringing" (see PUT …/status). */
const RINGING_RELAY_MS = 750;

/** Users whose notification channel request is refused: exercises `subscription:error`. */
const DENIED = /^denied/;

export default async () => {
  let server;
  let port = 0;
  let seq = 0;
  const id = (prefix) => `${prefix}${++seq}`;
  /** username → Set of websocket routes */
  const sockets = new Map();
  /** session id → { caller, callee, answered, lastOfferFrom } */
  const sessions = new Map();
  /** Every REST request, for tests that check what the SDK sent. */
  const requests = [];
  /** channel id → { user, sockets: Set } */
  const channels = new Map();
  /** subscription resource paths still live */
  const subscriptions = new Set();

  const userOf = (address) => String(address ?? '').replace(/^sip:/, '').trim();
  const sessionHref = (user, sid) => `/cpaas/webrtcsignaling/v1/${user}/sessions/${sid}`;
  function notify(user, body) {
    for (const ws of sockets.get(user) ?? []) {
      try {
        ws.send(JSON.stringify(body));
      } catch {
        // a socket the page has just closed: the others still get it
      }
    }
  }
  /** Forgets a socket: closed by the page, or by us when its channel was deleted. */
  function forget(user, ws) {
    sockets.get(user)?.delete(ws);
    if (sockets.get(user)?.size === 0) sockets.delete(user);
  }

  function reply(res, status, body) {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  async function handle(req, res) {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, accept');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
    if (req.method === 'OPTIONS') return reply(res, 204);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : {};
    const path = new URL(req.url, 'http://x').pathname;
    const auth = req.headers.authorization ?? '';
    requests.push({ n: requests.length + 1, method: req.method, path, body, bearer: auth.startsWith('Bearer ') });
    if (!auth.startsWith('Bearer ')) return reply(res, 401, { requestError: { serviceException: { text: 'no token' } } });

    const m = /^\/cpaas\/(notificationchannel|webrtcsignaling)\/v1\/([^/]+)\/(.*)$/.exec(path);
    if (!m) return reply(res, 404, {});
    const [, service, user, rest] = m;
    const username = decodeURIComponent(user);

    if (service === 'notificationchannel') {
      if (req.method === 'POST' && rest === 'channels') {
        if (DENIED.test(username)) return reply(res, 403, { requestError: { policyException: { messageId: 'POL0001', text: 'denied' } } });
        const cid = id('ch');
        channels.set(cid, { user: username, sockets: new Set() });
        return reply(res, 201, {
          notificationChannel: {
            callbackURL: `ws-${cid}`,
            channelData: { channelURL: `/cpaas/notificationchannel/v1/${user}/channels/${cid}/websocket` },
            channelLifetime: 3600,
            channelType: 'Websockets',
            clientCorrelator: body.notificationChannel?.clientCorrelator,
            resourceURL: `/cpaas/notificationchannel/v1/${user}/channels/${cid}`,
          },
        });
      }
      const channel = /^channels\/([^/]+)$/.exec(rest);
      if (req.method === 'DELETE' && channel && channels.has(channel[1])) {
        // The channel is gone, and so is its socket.
        for (const ws of channels.get(channel[1]).sockets) {
          forget(username, ws);
          ws.close({ code: 1000, reason: 'channel deleted' });
        }
        channels.delete(channel[1]);
        return reply(res, 204);
      }
      return reply(res, 404, { requestError: { serviceException: { messageId: 'SVC0002', text: 'no channel' } } });
    }

    if (req.method === 'POST' && rest === 'subscriptions') {
      const resourceURL = `/cpaas/webrtcsignaling/v1/${user}/subscriptions/${id('sub')}`;
      subscriptions.add(resourceURL);
      return reply(res, 201, {
        wrtcsNotificationSubscription: {
          callbackReference: body.wrtcsNotificationSubscription?.callbackReference,
          clientCorrelator: body.wrtcsNotificationSubscription?.clientCorrelator,
          resourceURL,
        },
      });
    }
    if (req.method === 'DELETE' && rest.startsWith('subscriptions/')) {
      return subscriptions.delete(`/cpaas/webrtcsignaling/v1/${user}/${rest}`) ? reply(res, 204) : reply(res, 404, {});
    }
    if (req.method === 'POST' && rest === 'turn') return reply(res, 201, { wrtcsTurnCredentials: { username: 'standin', password: 'standin' } });

    if (req.method === 'POST' && rest === 'sessions') {
      const callee = userOf(body.wrtcsSession?.tParticipantAddress);
      if (!sockets.has(callee)) return reply(res, 404, { requestError: { serviceException: { messageId: 'SVC0004', text: 'unknown user' } } });
      const sid = id('s');
      const created = { caller: username, callee, answered: false, lastOfferFrom: username, answeredToCallerAt: Infinity };
      sessions.set(sid, created);
      res.once('finish', () => (created.answeredToCallerAt = Date.now()));
      // The caller learns its session before the callee is invited, as on the platform, where the invitation
      // travels further: otherwise the callee's "Ringing" can reach the caller's SDK before it knows the session
      // (callStatusUpdateRinging logs "wrtcs session call … not found", kandy.js:28529).
      res.once('finish', () => notify(callee, {
        wrtcsSessionInvitationNotification: {
          id: id('n'),
          offer: { sdp: body.wrtcsSession.offer.sdp },
          link: [{ href: sessionHref(callee, sid), rel: 'WebrtcSession' }],
          originatorAddress: username,
          originatorName: body.wrtcsSession.tParticipantName ?? username.split('@')[0],
          tParticipantAddress: callee,
        },
      }));
      return reply(res, 201, { wrtcsSession: { resourceURL: sessionHref(username, sid), tParticipantAddress: callee } });
    }

    const s = /^sessions\/([^/]+)(?:\/(answer|update|status))?$/.exec(rest);
    const session = s && sessions.get(s[1]);
    if (!session) return reply(res, 404, { requestError: { serviceException: { messageId: 'SVC0002', text: 'no session' } } });
    const sid = s[1];
    const other = session.caller === username ? session.callee : session.caller;
    const link = [{ href: sessionHref(other, sid), rel: 'WebrtcSession' }];

    if (req.method === 'PUT' && s[2] === 'status') {
      const status = body.wrtcsSessionStatus?.status;
      if (status === 'Ringing') {
        // The platform's relay takes its time: the callee's "Ringing" reaches the caller well after the caller's
        // SDK has the session from its POST response. Here both are on loopback in one browser, so a loaded
        // page could read the notification first (the SDK then logs "wrtcs session call … not found",
        // kandy.js:28529). A relay latency of RINGING_RELAY_MS after that response models the real ordering.
        const wait = Math.min(RINGING_RELAY_MS, Math.max(0, session.answeredToCallerAt + RINGING_RELAY_MS - Date.now()));
        const send = () => sessions.has(sid) && notify(other, { wrtcsEventNotification: { id: id('n'), eventType: 'Ringing', link } });
        if (wait > 0) setTimeout(send, wait); else send();
      }
      return reply(res, 200, { wrtcsSessionStatus: { status } });
    }
    // An offer or answer reaches the far side only after its sender has the platform's response, as on the
    // platform, where the relay travels further than the reply. The SDK depends on that order: a mid-call
    // operation (hold, unhold, add/remove media) turns PENDING only when the response to its PUT …/update
    // arrives (pendingOperation, kandy.js:27101), and an answer read before that is taken for an unrelated
    // update (handleUpdateResponse, kandy.js:27882), so the operation would never finish. Relayed at once,
    // a loaded page could read the far side's answer first.
    if (req.method === 'PUT' && s[2] === 'answer') {
      const sdp = body.wrtcsAnswer?.sdp;
      const first = !session.answered;
      session.answered = true;
      res.once('finish', () => notify(other, first
        ? { wrtcsAcceptanceNotification: { id: id('n'), answer: { sdp }, link } }
        : { wrtcsAnswerNotification: { id: id('n'), answer: { sdp }, link } }));
      return reply(res, 200, {});
    }
    if (req.method === 'PUT' && s[2] === 'update') {
      session.lastOfferFrom = username;
      res.once('finish', () => sessions.has(sid) && notify(other, { wrtcsOfferNotification: { id: id('n'), offer: { sdp: body.wrtcsOffer?.sdp }, link } }));
      return reply(res, 200, {});
    }
    if (req.method === 'DELETE' && !s[2]) {
      sessions.delete(sid);
      const eventType = !session.answered && username === session.caller ? 'Cancelled' : 'SessionEnded';
      notify(other, { wrtcsEventNotification: { id: id('n'), eventType, link } });
      return reply(res, 204);
    }
    return reply(res, 404, {});
  }

  function onWebSocket(ws) {
    const url = new URL(ws.url());
    const m = /^\/cpaas\/notificationchannel\/v1\/([^/]+)\/channels\/([^/]+)\/websocket$/.exec(url.pathname);
    const channel = m && channels.get(m[2]);
    if (!channel || !url.searchParams.get('access_token')) return ws.close({ code: 4401, reason: 'bad channel' });
    const user = decodeURIComponent(m[1]);
    channel.sockets.add(ws);
    if (!sockets.has(user)) sockets.set(user, new Set());
    sockets.get(user).add(ws);
    ws.onMessage((message) => {
      const data = JSON.parse(String(message));
      if (data.connCheck) ws.send(JSON.stringify({ connAck: { interval: data.connCheck.interval } }));
    });
    ws.onClose(() => {
      channel.sockets.delete(ws);
      forget(user, ws);
    });
  }

  return [
    {
      name: 'kandy-standin',
      async serverStart() {
        server = http.createServer((req, res) => {
          handle(req, res).catch((error) => reply(res, 500, { error: String(error) }));
        });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = server.address().port;
      },
      async serverStop() {
        await new Promise((resolve) => server?.close(resolve));
      },
      serve(context) {
        if (context.path === '/__kandy.js') {
          return { body: `export const KANDY_SERVER = { base: '127.0.0.1', port: ${port}, protocol: 'http' };`, type: 'js' };
        }
      },
      async executeCommand({ command, session, payload }) {
        if (command === 'kandy-route-websocket') {
          const page = session.browser.getPage(session.id);
          await page.routeWebSocket(new RegExp(`^wss://127\\.0\\.0\\.1:${port}/`), onWebSocket);
          return true;
        }
        if (command === 'kandy-requests') return requests.slice(-200);
        if (command === 'kandy-user-state') {
          // What the platform still holds for one user: open channels, their sockets, live subscriptions.
          const user = payload.user;
          const own = [...channels.values()].filter((c) => c.user === user);
          return {
            channels: own.length,
            sockets: own.reduce((n, c) => n + c.sockets.size, 0),
            subscriptions: [...subscriptions].filter((s) => s.includes(`/${user}/`)).length,
          };
        }
        if (command === 'kandy-drop-sessions') {
          // The platform loses a user's sessions without telling anyone (a media server restart): the
          // SDK's next call audit gets 404 and ends the call (updateSessionStatus kandy.js:20878, sendCallAudit kandy.js:28741).
          for (const [sid, session] of sessions) if (session.caller === payload.user || session.callee === payload.user) sessions.delete(sid);
          return true;
        }
        return undefined;
      },
    },
  ];
};

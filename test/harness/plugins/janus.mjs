// Starts the Janus WebRTC Server (Debian's `janus`, installed by .ci/run; nothing is installed here) on a free
// loopback port with a configuration generated into a temp dir: WebSocket transport only, VideoRoom only, ICE
// on the loopback interface only, no STUN. Beside it, a signaling server started with the Janus URL (the
// embedded default routing rooms through Janus). Both URLs are the virtual module /__janus.js; both stop with
// the test run. Without /usr/bin/janus the module says so (JANUS_URL is '') and the Janus tests fail saying why.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../../../server/index.js';
import { JanusAdmin } from '../../../server/janus-rooms.js';

export const JANUS_BIN = '/usr/bin/janus';
/** Talking threshold for rooms fed by Chromium's fake microphone: anything louder than silence (127). */
const FAKE_MIC_LEVEL = 126;
const LIB = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus'].find((p) => existsSync(p)) ?? '/usr/lib/janus';

/** A port nobody listens on right now (the OS picks it; Janus binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The generated configuration: only what the tests use is loaded, so Janus starts in well under a second. */
function writeConfig(dir, port, videoroomAdminKey) {
  writeFileSync(join(dir, 'janus.jcfg'), `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIB}/plugins"
  transports_folder = "${LIB}/transports"
  events_folder = "${LIB}/events"
  loggers_folder = "${LIB}/loggers"
  debug_level = 3
  session_timeout = 60
}
media: {
  rtp_port_range = "20000-40000"
}
nat: {
  nice_debug = false
  ice_enforce_list = "lo"
  ignore_mdns = true
  nat_1_1_mapping_enabled = false
}
plugins: {
  disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
  disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
events: {
  broadcast = false
  disable = "libjanus_gelfevh.so,libjanus_mqttevh.so,libjanus_nanomsgevh.so,libjanus_rabbitmqevh.so,libjanus_sampleevh.so,libjanus_wsevh.so"
}
`);
  writeFileSync(join(dir, 'janus.transport.websockets.jcfg'), `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`);
  // No static rooms: every room is created over the API (by the signaling server or a test).
  // With an admin_key, only its holders create rooms, and they see private rooms in `list` (the cluster tests count them).
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), `general: {\n${videoroomAdminKey ? `  admin_key = "${videoroomAdminKey}"\n` : ''}}\n`);
}

const SERVER_BIN = fileURLToPath(new URL('../../../server/bin.js', import.meta.url));

/**
 * `call-elements-server` as a process of its own (as deployed), with CALL_ELEMENTS_JANUS and friends in its
 * environment; a process of its own also keeps its heartbeats clear of the test runner's busy event loop.
 */
export function startJanusSignaling(janusUrl, extraEnv = {}) {
  const env = { ...process.env, PORT: '0', HOST: 'localhost', CALL_ELEMENTS_JANUS: janusUrl, ...extraEnv };
  // Many parties from one address: the per-address and rate limits are lifted, as for the shared test server.
  for (const [option, value] of Object.entries({ rate: 500, burst: 1000, maxConnectionsPerAddress: 500 })) env[LIMITS[option][0]] = String(value);
  const child = spawn(process.execPath, [SERVER_BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start: ${out}`)); }, 20000);
    const read = (d) => {
      out += d;
      const m = /signaling: (ws:\/\/localhost:\d+\/signal)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', read);
      resolve({
        signalUrl: m[1],
        child,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
  });
}

/** Resolves once a WebSocket handshake with the janus-protocol subprotocol succeeds (bounded). */
async function waitForWebSocket(url, child, log, timeoutMs = 20000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`janus exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise((resolve) => {
      const ws = new WebSocket(url, 'janus-protocol');
      ws.once('open', () => { ws.close(); resolve(true); });
      ws.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`janus did not open ${url} in ${timeoutMs} ms: ${log()}`);
}

/**
 * Starts Janus (on `port` when given: a restart where clients knew the old one; `videoroomAdminKey`: the
 * VideoRoom plugin's admin_key); `stop()` ends it and removes its configuration, `kill()` ends it with SIGKILL
 * as a crash would (no goodbye to anyone).
 */
export async function startJanus({ port: wanted, videoroomAdminKey } = {}) {
  if (!existsSync(JANUS_BIN)) throw new Error(`${JANUS_BIN} is missing: apt-get install janus (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'janus-'));
  const port = wanted ?? (await freePort());
  writeConfig(dir, port, videoroomAdminKey);
  const child = spawn(JANUS_BIN, ['-C', join(dir, 'janus.jcfg'), '-F', dir, '-o'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d) => (out = (out + d).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `ws://127.0.0.1:${port}/`;
  const stop = () => new Promise((resolve) => {
    const done = () => { rmSync(dir, { recursive: true, force: true }); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(killer); done(); });
    child.kill('SIGTERM');
  });
  const kill = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.signalCode);
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
  try {
    await waitForWebSocket(url, child, () => out);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, child, stop, kill, log: () => out };
}

/** Creates a VideoRoom for provider="janus" tests, as a team running Janus would configure one. */
async function createRoom(admin, params) {
  const room = 1 + Math.floor(Math.random() * 2 ** 40);
  await admin.videoroom({
    request: 'create', room, permanent: false, publishers: Number(params.get('publishers') ?? 8),
    audiolevel_event: true, audio_active_packets: 50, audio_level_average: FAKE_MIC_LEVEL,
    ...(params.get('pin') ? { pin: params.get('pin') } : {}),
    ...(params.get('secret') ? { secret: params.get('secret') } : {}),
  });
  return room;
}

/**
 * A Janus of one test's own, to crash and restart (GET /__janus/own?do=…): `start` → { id, url }; `room&id=`
 * → { room } (same query as /__janus/room); `kill&id=` (SIGKILL) → { signal }; `restart&id=` (same port) →
 * { url }; `signaling&id=` → { signalUrl } (a signaling server routing rooms through this Janus; it keeps running
 * across kill and restart, as a deployment's would); `stop&id=`. Whatever a test leaves running stops with the test run.
 */
async function ownJanus(params, owned) {
  const id = params.get('id') ?? '';
  const entry = owned.get(id);
  switch (params.get('do')) {
    case 'start': {
      const janus = await startJanus();
      const key = String(janus.port);
      owned.set(key, { janus, admin: null, signaling: null });
      return { id: key, url: janus.url };
    }
    case 'room':
      if (!entry) break;
      entry.admin ??= new JanusAdmin(entry.janus.url);
      return { room: await createRoom(entry.admin, params) };
    case 'kill':
      if (!entry) break;
      entry.admin?.close();
      entry.admin = null;
      return { signal: await entry.janus.kill() };
    case 'signaling':
      if (!entry) break;
      entry.signaling ??= await startJanusSignaling(entry.janus.url, { CALL_ELEMENTS_JANUS_AUDIO_LEVEL: String(FAKE_MIC_LEVEL) });
      return { signalUrl: entry.signaling.signalUrl };
    case 'restart':
      if (!entry) break;
      await entry.janus.stop();
      entry.janus = await startJanus({ port: entry.janus.port });
      return { url: entry.janus.url };
    case 'stop':
      if (!entry) break;
      owned.delete(id);
      entry.admin?.close();
      await entry.signaling?.stop();
      await entry.janus.stop();
      return { stopped: true };
    default:
      return { error: `unknown action ${params.get('do')}` };
  }
  return { error: `no Janus ${id} of this test run` };
}

export default async () => {
  let janus;
  let signaling;
  let failure = '';
  let admin;
  const owned = new Map();
  const json = (value) => ({ body: JSON.stringify(value), type: 'json', headers: { 'cache-control': 'no-store' } });
  return [
    {
      name: 'janus',
      async serverStart() {
        try {
          janus = await startJanus();
          // The embedded default with CALL_ELEMENTS_JANUS: rooms route media through this Janus. Chromium's fake
          // microphone beeps 20 ms in every 500 (averaging near silence), so talking is any sound at all here.
          signaling = await startJanusSignaling(janus.url, { CALL_ELEMENTS_JANUS_AUDIO_LEVEL: String(FAKE_MIC_LEVEL) });
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
      },
      async serverStop() {
        admin?.close();
        for (const { janus: own, admin: ownAdmin, signaling: ownSignaling } of owned.values()) {
          ownAdmin?.close();
          await ownSignaling?.stop();
          await own.stop();
        }
        await signaling?.stop();
        await janus?.stop();
      },
      async serve(context) {
        // A VideoRoom for provider="janus" tests, as a team running Janus would configure one.
        if (context.path === '/__janus/room') {
          try {
            admin ??= new JanusAdmin(janus.url);
            return json({ room: await createRoom(admin, context.URL.searchParams) });
          } catch (error) {
            return json({ error: error instanceof Error ? error.message : String(error) });
          }
        }
        if (context.path === '/__janus/own') {
          try {
            return json(await ownJanus(context.URL.searchParams, owned));
          } catch (error) {
            return json({ error: error instanceof Error ? error.message : String(error) });
          }
        }
        if (context.path !== '/__janus.js') return undefined;
        const body = `export const JANUS_URL = ${JSON.stringify(janus?.url ?? '')};
export const JANUS_SIGNALING_URL = ${JSON.stringify(signaling?.signalUrl ?? '')};
export const JANUS_FAILURE = ${JSON.stringify(failure)};`;
        return { body, type: 'js', headers: { 'cache-control': 'no-store' } };
      },
    },
  ];
};

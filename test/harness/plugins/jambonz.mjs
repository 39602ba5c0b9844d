/**
 * jambonz stand-in for browser tests: a validating Prism mock of the jambonz REST spec
 * (test/fixtures/specs/jambonz-swagger.yaml) in front of a small stateful stub of the jambonz API server.
 *
 * Routes of the front (one loopback port):
 * - `/api/v1/...`    every request goes to Prism first. A wrong path, method, body field or enum value comes
 *                    back as Prism's 4xx with `sl-violations` and goes no further. Only what Prism accepts is
 *                    then answered by the stub "world" (the account's calls), so the UI sees calls change.
 *                    Every answer body the world gives is checked against the spec's schemas too.
 * - `/server/v1/...` the stub alone: for what the real server takes although the spec says otherwise
 *                    (a whisper `say` verb; the spec types `whisper` as a Webhook with a required url).
 * - `/__jambonz/...` control for tests: seed calls, change a call "elsewhere", queue faults (any status,
 *                    480 included, or a dropped connection: Chromium retries a GET on a dropped keep-alive
 *                    socket, so give those `times` > 1 and clear them), read the recorded requests.
 * Prism itself is also exposed (PRISM_URL), so a test can check that it answers CORS and rejects bad input.
 *
 * The stub follows the servers' source, cited where each rule is written: jambonz-api-server (dd755f8)
 * `validateCreateCall` (from, to, application_sid or call_hook) and `validateUpdateCall` (exactly one change;
 * whisper alone or with one other; extra fields dtmf, tag, …; a recorder on every record action; POST and
 * PUT), 201 `{sid}`, 202 on update, 400/404 `{msg}`; jambonz-feature-server (0.9.8) for the 422s it gives
 * before acting and for what it does after its 202 (`act`): the far end's DTMF tones, the recording state,
 * a declined leg released without a last status, and each change it ignores, logged with why (tests expect
 * none). Worlds are keyed by account sid so test files running in parallel never meet; a token
 * other than the world's gets a 401 like an unknown API key. Prism starts on first use (a few seconds), so
 * runs without jambonz tests pay nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { prismMock } from '../prism.mjs';

const require = createRequire(import.meta.url);
const SPEC = new URL('../../fixtures/specs/jambonz-swagger.yaml', import.meta.url);
const TOKEN = 'test-api-key';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
  'access-control-allow-headers': 'authorization,content-type,accept',
  'access-control-expose-headers': 'sl-violations',
  'access-control-max-age': '600',
};
/** `validateUpdateCall`: the fields of which exactly one is allowed per request. */
const UPDATE_FIELDS = [
  'call_hook', 'child_call_hook', 'call_status', 'listen_status', 'transcribe_status', 'conf_hold_status',
  'conf_mute_status', 'mute_status', 'sip_request', 'record', 'tag', 'dtmf', 'conferenceParticipantAction',
  'dub', 'boostAudioSignal', 'media_path',
];
const PAIRS = [['call_hook', 'child_call_hook'], ['conf_hold_status', 'waitHook']];

/** The spec, with every path under `/v1` (Prism ignores `servers: /v1`). */
function loadSpec() {
  const yaml = require('js-yaml');
  const spec = yaml.load(readFileSync(SPEC, 'utf8'));
  spec.paths = Object.fromEntries(Object.entries(spec.paths).map(([path, item]) => [`/v1${path}`, item]));
  return spec;
}

function responseValidator(spec) {
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('url', true);
  const callSchema = spec.components.schemas.Call;
  const call = ajv.compile(callSchema);
  const list = ajv.compile({ type: 'array', items: callSchema });
  const created = ajv.compile(spec.paths['/v1/Accounts/{AccountSid}/Calls'].post.responses['201'].content['application/json'].schema);
  const text = (v) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');
  return { call: (b) => (call(b) ? null : text(call)), list: (b) => (list(b) ? null : text(list)), created: (b) => (created(b) ? null : text(created)) };
}

function jambonzPlugin() {
  let server;
  let port = 0;
  let validate;
  /** accountSid → { token, calls: Map<sid, call>, faults: [], log: [] } */
  const worlds = new Map();

  const world = (account) => {
    let w = worlds.get(account);
    if (!w) {
      w = { token: TOKEN, calls: new Map(), faults: [], log: [], updates: new Map(), ignored: [], tones: new Map(), recording: new Map(), gone: new Set() };
      worlds.set(account, w);
    }
    return w;
  };

  const prism = prismMock('jambonz', () => {
    const spec = loadSpec();
    validate = responseValidator(spec);
    return spec;
  });
  const startPrism = () => prism.start();

  // Only what a browser's request would carry reaches Prism.
  const forwardToPrism = (method, path, headers, body) => {
    const pass = {};
    for (const key of ['authorization', 'content-type', 'accept']) if (headers[key]) pass[key] = headers[key];
    return prism.forward(method, path, pass, body);
  };

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > 65536) req.destroy();
        else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res, status, body, extra = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...CORS, ...(text ? { 'content-type': 'application/json' } : {}), ...extra });
    res.end(text);
  };

  const isUrl = (value) => {
    try {
      return ['http:', 'https:', 'ws:', 'wss:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
  const hookOk = (hook) => (typeof hook === 'string' ? isUrl(hook) : !!hook && typeof hook === 'object' && isUrl(hook.url));

  /** `validateCreateCall` (accounts.js l.399), the parts a browser client can get wrong. */
  const createError = (b) => {
    if (!b || typeof b !== 'object') return 'invalid request body';
    if (!b.from) return 'missing from property';
    const to = b.to;
    if (!to || typeof to !== 'object' || !['phone', 'sip', 'user', 'teams'].includes(to.type)) return 'missing or invalid to property';
    if (to.type === 'phone' && !to.number) return 'missing to.number';
    if (to.type === 'sip' && !to.sipUri) return 'missing to.sipUri';
    if (to.type === 'user' && !to.name) return 'missing to.name';
    if (to.type === 'teams' && !to.number) return 'missing to.number';
    if (!b.application_sid && !b.call_hook) return 'either application_sid or call_hook is required';
    if (b.call_hook && !hookOk(b.call_hook)) return 'call_hook must be an absolute url';
    if (b.call_status_hook && !hookOk(b.call_status_hook)) return 'call_status_hook must be an absolute url';
    return null;
  };

  /**
   * `validateUpdateCall` of jambonz-api-server (lib/routes/api/accounts.js l.293-375, dd755f8): a field
   * counts when truthy; exactly one per request, whisper alone or with one other, two allowed pairs.
   */
  const updateError = (b) => {
    if (!b || typeof b !== 'object') return 'invalid request body';
    const others = Object.keys(b).filter((k) => !UPDATE_FIELDS.includes(k) && k !== 'waitHook' && k !== 'whisper');
    if (others.length) return `unknown update field ${others[0]}`;
    const keys = UPDATE_FIELDS.filter((k) => b[k]);
    if (b.waitHook) keys.push('waitHook');
    const paired = PAIRS.some((pair) => keys.length === 2 && pair.every((k) => keys.includes(k)));
    if (b.whisper) {
      if (keys.length > 1) return 'whisper may be combined with at most one other change';
      const verbs = Array.isArray(b.whisper) ? b.whisper : [b.whisper];
      for (const v of verbs) {
        if (!v || (v.verb !== 'say' && v.verb !== 'play')) return 'whisper must be a say or play verb';
        if (v.verb === 'say' && !v.text) return 'whisper say needs text';
        if (v.verb === 'play' && !v.url) return 'whisper play needs url';
      }
    } else if (keys.length !== 1 && !paired) {
      return keys.length === 0 ? 'no valid options supplied to updateCall' : 'multiple options are not allowed in updateCall';
    }
    const oneOf = (field, values) => b[field] && !values.includes(b[field]);
    if (oneOf('call_status', ['completed', 'no-answer'])) return 'invalid call_status';
    if (oneOf('listen_status', ['pause', 'silence', 'resume'])) return 'invalid listen_status';
    if (oneOf('mute_status', ['mute', 'unmute'])) return 'invalid mute_status';
    if (oneOf('conf_hold_status', ['hold', 'unhold'])) return 'invalid conf_hold_status';
    if (oneOf('conf_mute_status', ['mute', 'unmute'])) return 'invalid conf_mute_status';
    if (b.sip_request && (!b.sip_request.method || !b.sip_request.content_type || !b.sip_request.content)) {
      return 'sip_request requires method, content_type and content properties';
    }
    if (b.record && !b.record.action) return 'record requires action property';
    if (b.dtmf && !b.dtmf.digit) return 'invalid dtmf';
    // l.357: every record action, not only a start, needs siprecServerURL unless it is cloud recording.
    if (b.record?.action && !b.record.siprecServerURL && b.record.type !== 'cloud') {
      return 'record requires siprecServerURL property when starting recording';
    }
    if (b.tag && (typeof b.tag !== 'object' || Array.isArray(b.tag))) return 'invalid tag data';
    if (b.call_hook && !hookOk(b.call_hook)) return 'call_hook must be an absolute url';
    return null;
  };

  /**
   * What the feature server refuses with 422 before acting (lib/http-routes/api/update-call.js
   * `retrieveCallSession`, jambonz-feature-server 0.9.8): a session that is gone, `completed` without an
   * answered dialog, `no-answer` for an outbound call no longer ringing or an inbound call already answered.
   */
  const TERMINAL = ['completed', 'busy', 'no-answer', 'failed'];
  const ANSWERED = (call) => call.call_status === 'in-progress';
  const RINGING = (call) => ['trying', 'ringing', 'alerting', 'early-media'].includes(call.call_status);
  const sessionError = (w, call, b) => {
    if (b.call_status_hook && !b.call_hook) return 'call_status_hook can be updated only when call_hook is also being updated';
    if (TERMINAL.includes(call.call_status) || w.gone.has(call.call_sid)) return `call session is gone for call_sid ${call.call_sid}`;
    if (b.call_status === 'completed' && !ANSWERED(call)) return 'current call state is incompatible with requested action';
    if (b.call_status === 'no-answer') {
      if (call.direction === 'outbound' ? !RINGING(call) : ANSWERED(call)) return 'current call state is incompatible with requested action';
    }
    return null;
  };

  /** One DTMF event: what a `Signal=` line of an application/dtmf INFO can carry. */
  const DTMF_EVENT = /^[0-9*#A-D]$/i;

  /**
   * What the feature server does after its 202 (lib/session/call-session.js `updateCall`, 0.9.8), where the
   * answer cannot tell: the far end's view of DTMF and recording, and every change it ignores, with why.
   */
  const act = (w, call, b) => {
    const sid = call.call_sid;
    const ignore = (why) => w.ignored.push({ sid, body: b, why });
    if (b.call_status) {
      // `_lccCallStatus` (l.1492-1515): declining an inbound leg answers the caller 503 and releases the
      // session without a status change, so its record keeps its last status until it expires (12 h,
      // realtimedb-helpers lib/update-call-status.js); a hang-up or an outbound cancel ends with a status.
      w.gone.add(sid);
      if (b.call_status === 'no-answer' && call.direction === 'inbound') return;
      call.call_status = b.call_status;
      return;
    }
    if (b.dtmf) {
      // `_lccDtmf` (l.1775-1798): needs a stable dialog, then one INFO `Signal=${digit}\nDuration=${duration}`.
      if (!ANSWERED(call)) return ignore('_lccDtmf: no stable dialog');
      const duration = b.dtmf.duration ?? 250;
      if (!DTMF_EVENT.test(String(b.dtmf.digit))) return ignore(`INFO Signal=${b.dtmf.digit} is not one DTMF event`);
      const tones = w.tones.get(sid) ?? [];
      tones.push({ digit: String(b.dtmf.digit), duration, at: Date.now() });
      w.tones.set(sid, tones);
      return;
    }
    if (b.record) {
      // `notifyRecordOptions` (l.771-865): SIPREC needs an answered call and follows off → on ⇄ paused → off;
      // cloud recording (`type: 'cloud'`) pauses and resumes a running record task. Anything else is ignored.
      if (!ANSWERED(call)) return ignore('notifyRecordOptions: call not answered');
      const state = w.recording.get(sid) ?? 'off';
      const next = {
        startCallRecording: state === 'off' ? 'on' : null,
        stopCallRecording: state !== 'off' ? 'off' : null,
        pauseCallRecording: state === 'on' ? 'paused' : null,
        resumeCallRecording: state === 'paused' ? 'on' : null,
      }[b.record.action];
      if (!next) return ignore(`notifyRecordOptions: cannot ${b.record.action} while recording is ${state}`);
      w.recording.set(sid, next);
    }
  };

  /** The stub server: answers one request for one account's world. */
  const stub = (w, method, rest, query, headers, bodyText) => {
    const fault = w.faults.findIndex((f) => (!f.method || f.method === method) && rest.includes(f.match ?? ''));
    if (fault >= 0) {
      const f = w.faults[fault];
      if (--f.times <= 0) w.faults.splice(fault, 1);
      return { status: f.status, body: f.body, drop: f.drop };
    }
    if (headers.authorization !== `Bearer ${w.token}`) return { status: 401, text: 'Unauthorized' };
    let body;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      return { status: 400, body: { msg: 'invalid JSON' } };
    }
    const sid = rest.split('/')[1];
    if (!sid) {
      if (method === 'GET') {
        let calls = [...w.calls.values()];
        for (const key of ['direction', 'from', 'to']) if (query.get(key)) calls = calls.filter((c) => c[key] === query.get(key));
        if (query.get('callStatus')) calls = calls.filter((c) => c.call_status === query.get('callStatus'));
        return { status: 200, body: calls, schema: 'list' };
      }
      if (method === 'POST') {
        const error = createError(body);
        if (error) return { status: 400, body: { msg: error } };
        const call = {
          account_sid: w.account,
          call_id: `${randomUUID()}@127.0.0.1`,
          call_sid: randomUUID(),
          call_status: 'trying',
          direction: 'outbound',
          from: body.from,
          to: body.to.number ?? body.to.sipUri ?? body.to.name,
          service_url: 'http://127.0.0.1:3000',
          sip_status: 100,
          ...(body.application_sid ? { application_sid: body.application_sid } : {}),
        };
        w.calls.set(call.call_sid, call);
        w.created = body;
        return { status: 201, body: { sid: call.call_sid }, schema: 'created' };
      }
      return { status: 405, body: { msg: 'method not allowed' } };
    }
    const call = w.calls.get(sid);
    if (!call) return { status: 404, body: { msg: 'call not found' } };
    if (method === 'GET') return { status: 200, body: call, schema: 'call' };
    if (method === 'POST' || method === 'PUT') {
      const error = updateError(body);
      if (error) return { status: 400, body: { msg: error } };
      const refused = sessionError(w, call, body);
      if (refused) return { status: 422, body: { msg: refused } };
      const list = w.updates.get(sid) ?? [];
      list.push(body);
      w.updates.set(sid, list);
      act(w, call, body);
      return { status: 202 };
    }
    if (method === 'DELETE') {
      w.calls.delete(sid);
      return { status: 204 };
    }
    return { status: 405, body: { msg: 'method not allowed' } };
  };

  const api = async (req, res, url, viaPrism) => {
    const prefix = viaPrism ? '/api' : '/server';
    const path = url.pathname.slice(prefix.length);
    const match = /^\/v1\/Accounts\/([^/]+)\/Calls(\/.*)?$/.exec(path);
    const bodyText = await readBody(req);
    const method = req.method ?? 'GET';
    const entry = { via: viaPrism ? 'prism' : 'server', method, path, query: url.search, body: bodyText ? safeJson(bodyText) : undefined };
    const account = match ? decodeURIComponent(match[1]) : '';
    const w = account ? world(account) : null;
    if (w) w.log.push(entry);
    if (viaPrism) {
      await startPrism();
      const verdict = await forwardToPrism(method, path + url.search, req.headers, bodyText);
      entry.prismStatus = verdict.status;
      entry.violations = verdict.headers['sl-violations'] ?? null;
      if (verdict.status >= 400) {
        entry.status = verdict.status;
        res.writeHead(verdict.status, {
          ...CORS,
          ...(verdict.headers['content-type'] ? { 'content-type': verdict.headers['content-type'] } : {}),
          ...(entry.violations ? { 'sl-violations': entry.violations } : {}),
        });
        res.end(verdict.body);
        return;
      }
    }
    if (!w) return send(res, 404, { msg: 'no such route' });
    w.account = account;
    const answer = stub(w, method, match[2] ?? '', url.searchParams, req.headers, bodyText);
    entry.status = answer.status;
    if (answer.drop) {
      res.destroy();
      return;
    }
    if (answer.schema && validate) entry.responseViolations = validate[answer.schema](answer.body);
    if (answer.text !== undefined) {
      res.writeHead(answer.status, { ...CORS, 'content-type': 'text/plain' });
      res.end(answer.text);
      return;
    }
    send(res, answer.status, answer.body);
  };

  /** Test control: `/__jambonz/{account}/{command}`. */
  const control = async (req, res, url) => {
    const [, , account, command] = url.pathname.split('/');
    const w = world(decodeURIComponent(account ?? ''));
    w.account = decodeURIComponent(account ?? '');
    const body = safeJson(await readBody(req)) ?? {};
    switch (command) {
      case 'reset':
        worlds.delete(w.account);
        return send(res, 200, { ok: true });
      case 'calls': // seed or replace calls: [{...Call}]
        for (const call of body.calls ?? []) w.calls.set(call.call_sid, { account_sid: w.account, ...call });
        return send(res, 200, { ok: true });
      case 'set': // change a call elsewhere: { sid, ...fields } or { sid, remove: true }
        if (body.remove) w.calls.delete(body.sid);
        else if (w.calls.has(body.sid)) {
          const { sid, ...fields } = body;
          Object.assign(w.calls.get(sid), fields);
        }
        return send(res, 200, { ok: true });
      case 'fault': // { method?, match?, status?, body?, drop?, times? }
        w.faults.push({ times: 1, ...body });
        return send(res, 200, { ok: true });
      case 'clear-faults':
        w.faults = [];
        return send(res, 200, { ok: true });
      case 'token':
        w.token = body.token;
        return send(res, 200, { ok: true });
      case 'log':
        return send(res, 200, {
          log: w.log,
          updates: Object.fromEntries(w.updates),
          created: w.created ?? null,
          ignored: w.ignored,
          tones: Object.fromEntries(w.tones),
          recording: Object.fromEntries(w.recording),
        });
      default:
        return send(res, 404, { msg: 'unknown control command' });
    }
  };

  return {
    name: 'jambonz-stand-in',
    async serverStart({ logger }) {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (req.method === 'OPTIONS') {
          // The front answers preflights itself; a test checks Prism's own CORS answer directly (PRISM_URL).
          res.writeHead(204, CORS);
          res.end();
          return;
        }
        const run = url.pathname.startsWith('/__jambonz/')
          ? control(req, res, url)
          : api(req, res, url, url.pathname.startsWith('/api/'));
        run.catch((error) => {
          if (!res.headersSent) send(res, 500, { msg: String(error?.message ?? error) });
          else res.destroy();
        });
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      port = server.address().port;
      logger?.log?.(`[jambonz] stand-in on http://127.0.0.1:${port} (Prism starts on first use)`);
    },
    async serverStop() {
      await prism.stop();
      if (server) await new Promise((resolve) => server.close(() => resolve()));
    },
    async serve(context) {
      if (context.path === '/__jambonz.js') {
        await startPrism();
        return {
          body: [
            `export const JAMBONZ_API = 'http://127.0.0.1:${port}/api';`,
            `export const JAMBONZ_SERVER = 'http://127.0.0.1:${port}/server';`,
            `export const JAMBONZ_CONTROL = 'http://127.0.0.1:${port}/__jambonz';`,
            `export const PRISM_URL = 'http://127.0.0.1:${prism.port}';`,
            `export const JAMBONZ_TOKEN = '${TOKEN}';`,
          ].join('\n'),
          type: 'js',
        };
      }
    },
  };
}

function safeJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export default async () => [jambonzPlugin()];

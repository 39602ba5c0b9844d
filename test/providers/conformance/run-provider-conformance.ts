/**
 * One behavioural contract every provider meets, run against each platform with a fixture that knows how
 * to drive that platform's far side. Platforms differ in what they can do; the fixture says so explicitly
 * (an end reason it cannot produce names why), so nothing is skipped silently.
 */
import { expect } from '@open-wc/testing';
import { CallController } from '../../../src/core/controller.js';
import { CallError, type CallErrorCode } from '../../../src/core/errors.js';
import type { MediaView } from '../../../src/core/view.js';
import type { CallProvider, ProviderSink } from '../../../src/core/provider.js';
import type { Call, CallSnapshot, Capability, ConnectionState, EndReasonCode } from '../../../src/core/state.js';
import { until } from '../../harness/recording-provider.js';
import { LeakCounter } from './leak-counter.js';

export type EndCase = 'local hang-up' | 'remote hang-up' | 'decline' | 'busy' | 'no answer' | 'network loss';
export const END_CASES: readonly EndCase[] = ['local hang-up', 'remote hang-up', 'decline', 'busy', 'no answer', 'network loss'];

/** How a platform produces one end reason, or why it cannot. */
export type EndScenario =
  | {
      readonly expect: EndReasonCode;
      readonly provoke: (run: ConformanceRun) => Promise<void>;
      /** What else the platform tells once the call ended (its own code, what the far side saw). */
      readonly afterEnd?: (call: Call) => Promise<void>;
    }
  | { readonly cannot: string };

export interface ConformanceRun {
  readonly controller: CallController;
  readonly provider: CallProvider;
  /** The live call's id once `liveCall` has been called. */
  callId: string;
}

export interface ConformanceFixture {
  readonly name: string;
  /** Connection state after a successful connect (an ACS pre-call screen is `disconnected`). */
  readonly connected?: ConnectionState;
  /** A connected call, driven from the far side where needed. */
  liveCall(run: ConformanceRun): Promise<string>;
  readonly endReasons: Readonly<Record<EndCase, EndScenario>>;
  /** Per-test timeout; real SDKs and stand-ins on a loaded machine need more. */
  readonly timeout?: number;
  /** After each test (reset a stand-in world). */
  cleanup?(): Promise<void>;
  /**
   * Ends the far side of `liveCall` where it runs in this page (its own timers and listeners would count as
   * the provider's): called after each disconnect of the connect/disconnect test, before counting.
   */
  releaseFarSide?(): Promise<void>;
}

const ERROR_CODES: readonly CallErrorCode[] = [
  'invalid-argument', 'unsupported', 'invalid-state', 'not-found', 'not-connected', 'permission-denied', 'device-not-found',
  'device-in-use', 'auth-failed', 'token-expired', 'forbidden', 'network', 'timeout', 'rate-limited', 'busy', 'no-answer',
  'rejected', 'user-offline', 'user-taken', 'room-full', 'server-error', 'provider-error', 'disposed', 'internal',
];

/** Each call capability, the controller action that needs it, and the provider method behind it. */
const CALL_ACTIONS: readonly { capability: Capability; method: keyof CallProvider; run: (c: CallController, call: Call) => Promise<unknown> }[] = [
  { capability: 'mute', method: 'setMuted', run: (c, call) => c.setMuted(!call.local.muted, call.id) },
  { capability: 'video', method: 'setVideo', run: (c, call) => c.setVideo(!call.local.video, call.id) },
  { capability: 'screen-share', method: 'setScreenShare', run: (c, call) => c.setScreenShare(false, call.id) },
  { capability: 'dtmf', method: 'sendDtmf', run: (c, call) => c.sendDtmf('1', call.id) },
  { capability: 'record', method: 'setRecording', run: (c, call) => c.setRecording(!call.recording, call.id) },
  // Last: a held call may rightly refuse the others.
  { capability: 'hold', method: 'hold', run: (c, call) => c.hold(call.id) },
];

/** Resolves, or rejects with a CallError whose code is one of the stable codes; returns that code or null. */
async function outcome(action: Promise<unknown>): Promise<CallErrorCode | null> {
  try {
    await action;
    return null;
  } catch (error) {
    expect(error, 'an action rejects with a CallError').to.be.instanceOf(CallError);
    const code = (error as CallError).code;
    expect(ERROR_CODES, `stable code ${code}`).to.include(code);
    return code;
  }
}

const activeCall = (s: CallSnapshot, id: string): Call | undefined => s.calls.find((c) => c.id === id);

export function runProviderConformance(factory: () => CallProvider | Promise<CallProvider>, fixture: ConformanceFixture): void {
  describe(`${fixture.name}: provider conformance`, function () {
    this.timeout(fixture.timeout ?? 60000);
    const leaks = new LeakCounter();
    let controllers: CallController[] = [];

    async function start(): Promise<ConformanceRun> {
      const provider = await factory();
      const controller = new CallController(provider);
      controllers.push(controller);
      await controller.connect();
      expect(controller.snapshot.connection).to.equal(fixture.connected ?? 'connected');
      return { controller, provider, callId: '' };
    }

    beforeEach(() => leaks.install());
    afterEach(async () => {
      for (const c of controllers) await c.dispose();
      controllers = [];
      leaks.uninstall();
      await fixture.cleanup?.();
    });

    it('connects and disconnects twice; a disconnected sink writes nothing; no timers or listeners stay', async () => {
      const provider = await factory();
      const sinks: ProviderSink[] = [];
      const connect = provider.connect.bind(provider);
      provider.connect = (sink) => (sinks.push(sink), connect(sink));
      const controller = new CallController(provider);
      controllers.push(controller);
      for (let round = 1; round <= 2; round++) {
        await controller.connect();
        expect(controller.snapshot.connection, `round ${round}`).to.equal(fixture.connected ?? 'connected');
        // A call in progress at disconnect: the most there is to leave behind.
        await fixture.liveCall({ controller, provider, callId: '' });
        expect(controller.snapshot.calls.length, `round ${round}: a live call`).to.be.greaterThan(0);
        await controller.disconnect();
        expect(controller.snapshot.connection).to.equal('disconnected');
        await fixture.releaseFarSide?.();
        await until(() => leaks.timers === 0 && leaks.listeners === 0, `nothing left after round ${round}: ${leaks.describe()}`, 10000);
      }
      expect(sinks).to.have.length(2);
      expect(sinks[0]).to.not.equal(sinks[1]);
      const before = controller.snapshot;
      for (const sink of sinks) {
        expect(sink.revoked).to.equal(true);
        sink.update((s) => ({ ...s, connection: 'connected', calls: [] }));
      }
      expect(controller.snapshot, 'a revoked sink changes nothing').to.equal(before);
    });

    it('every call action works or rejects with a stable code, and only advertised capabilities are accepted', async () => {
      const run = await start();
      run.callId = await fixture.liveCall(run);
      const { controller, provider } = run;
      await until(() => activeCall(controller.snapshot, run.callId)?.state === 'connected', 'a connected call', 20000);
      for (const action of CALL_ACTIONS) {
        const call = activeCall(controller.snapshot, run.callId)!;
        expect(call, `the call is still live before ${action.capability}`).to.not.equal(undefined);
        const advertised = call.capabilities.includes(action.capability);
        const code = await outcome(action.run(controller, call));
        if (!advertised || typeof provider[action.method] !== 'function') {
          // The controller refuses what is not advertised, whatever the provider has.
          expect(code, `${action.capability} not advertised`).to.equal('unsupported');
        } else {
          // Advertised in this state: the platform takes it (it may still fail for its own reasons, typed).
          expect(['unsupported', 'invalid-state'], `${action.capability} advertised while connected`).to.not.include(code);
        }
      }
      // A provider without an action rejects it as unsupported, never with a TypeError.
      const absent = (['transfer', 'redirect', 'addParticipant'] as const).filter((method) => typeof provider[method] !== 'function');
      for (const method of absent) {
        const code = await outcome(method === 'redirect' ? controller.redirect('https://example.com/hook', run.callId) : controller[method]('someone', run.callId));
        expect(code, `${method} without a provider method`).to.equal('unsupported');
      }
    });

    it('every MediaView is disposed with the session', async () => {
      const run = await start();
      run.callId = await fixture.liveCall(run);
      const { controller } = run;
      await until(() => activeCall(controller.snapshot, run.callId)?.state === 'connected', 'a connected call', 20000);
      const call = activeCall(controller.snapshot, run.callId)!;
      const streams = [...call.local.streams, ...call.participants.flatMap((p) => p.video)];
      const views: MediaView[] = [];
      const refusals: unknown[] = [];
      for (const stream of streams) {
        try {
          views.push(controller.createView(stream, {}));
        } catch (error) {
          refusals.push(error);
        }
      }
      // Call-control platforms have no media: each refusal is typed `unsupported`.
      expect(refusals.map((e) => (e instanceof CallError ? e.code : String(e)))).to.deep.equal(refusals.map(() => 'unsupported'));
      expect(views.length + refusals.length, 'every stream gave a view or a typed refusal').to.equal(streams.length);
      expect(controller.viewCount).to.equal(views.length);
      await controller.dispose();
      expect(views.every((v) => v.disposed), 'every view disposed').to.equal(true);
      expect(controller.viewCount).to.equal(0);
    });

    for (const endCase of END_CASES) {
      const scenario = fixture.endReasons[endCase];
      if ('cannot' in scenario) {
        it(`end reason for ${endCase}: the platform cannot produce it (${scenario.cannot})`, () => {
          expect(scenario.cannot.length, 'a reason is given').to.be.greaterThan(10);
        });
        continue;
      }
      it(`end reason for ${endCase} is ${scenario.expect}`, async () => {
        const run = await start();
        const ended = new Promise<Call>((resolve) =>
          run.controller.addEventListener('call-ended', (event) => resolve(event.detail.call), { once: true }),
        );
        await scenario.provoke(run);
        const call = await ended;
        expect(call.endReason?.code).to.equal(scenario.expect);
        await scenario.afterEnd?.(call);
      });
    }
  });
}

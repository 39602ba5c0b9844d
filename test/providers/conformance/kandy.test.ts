/**
 * Kandy against the provider contract: the real @kandy-io/cpaas-sdk@4.9.0 in this page, talking to the
 * loopback stand-in of the CPaaS endpoints (test/harness/plugins/kandy.mjs), with a second real SDK client
 * as the far side of every call.
 */
import { expect } from '@open-wc/testing';
import type { CallController } from '../../../src/core/controller.js';
import { KandyProvider } from '../../../src/providers/kandy/index.js';
import { dropSessions, KANDY_SERVER, kandyController, routeKandyWebSocket, tokensFor } from '../../fixtures/kandy/kandy-fixture.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

let seq = 0;
/** This run's user, and the far sides it has called, disposed after each test. */
let self = '';
const farSides: CallController[] = [];

async function farSide(): Promise<{ controller: CallController; id: string }> {
  const id = `far-${seq}-${farSides.length + 1}@kandy.test`;
  // Tokens without expiry: the far side's provider then sets no refresh timer, which the leak count (every
  // timer set by src/providers code) would otherwise charge to the provider under test.
  const controller = kandyController(id, {}, () => Promise.resolve(tokensFor(id, null)));
  farSides.push(controller);
  await controller.connect();
  return { controller, id };
}

/** A call from this user that the far side answers; returns our id for it. */
async function liveCall(run: ConformanceRun): Promise<string> {
  const far = await farSide();
  const id = await run.controller.startCall(far.id, { video: false });
  await until(() => far.controller.snapshot.calls.length === 1, 'the call rings at the far side', 20000);
  await far.controller.accept(far.controller.snapshot.calls[0]!.id, { video: false });
  await until(() => run.controller.snapshot.calls.find((c) => c.id === id)?.state === 'connected', 'a connected call', 20000);
  return id;
}

runProviderConformance(
  async () => {
    await routeKandyWebSocket();
    seq += 1;
    self = `conformance-${seq}@kandy.test`;
    return new KandyProvider({
      displayName: 'Conformance',
      options: {
        server: { base: KANDY_SERVER.base, port: KANDY_SERVER.port, protocol: KANDY_SERVER.protocol },
        clientCorrelator: `conformance-${seq}`,
        tokens: () => Promise.resolve(tokensFor(self)),
        config: { call: { iceServers: [], serverTurnCredentials: false }, logs: { logLevel: 'error' } },
        operationTimeoutMs: 30000,
      },
    });
  },
  {
    name: 'kandy (real SDK + stand-in)',
    liveCall,
    // Network loss waits for the SDK's call audit, 25 s after the call connects.
    timeout: 120000,
    async cleanup() {
      await Promise.all(farSides.splice(0).map((c) => c.dispose()));
    },
    endReasons: {
      'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await liveCall(run)) },
      'remote hang-up': {
        expect: 'remote-hung-up',
        provoke: async (run) => {
          await liveCall(run);
          await farSides.at(-1)!.hangUp();
        },
      },
      decline: {
        expect: 'declined',
        provoke: async (run) => {
          const far = await farSide();
          await far.controller.startCall(self, { video: false });
          await until(() => run.controller.snapshot.calls.some((c) => c.state === 'ringing'), 'ringing', 20000);
          await run.controller.reject(run.controller.snapshot.calls[0]!.id);
        },
      },
      busy: {
        cannot:
          '4.9.0 reads only the event type and session link of a CPaaS SessionEnded notification (kandy.js:21325), so a busy callee ends the call with no SIP status',
      },
      'no answer': {
        cannot:
          '4.9.0 has no ring timeout of its own, and an unanswered call the platform ends arrives as SessionEnded with no status (kandy.js:21325)',
      },
      'network loss': {
        expect: 'network',
        provoke: async (run) => {
          await liveCall(run);
          // The platform loses the session; the SDK's call audit, 25 s after the call connected
          // (sendCallAudit, kandy.js:28741), finds it gone.
          await dropSessions(self);
        },
        // A network failure (the audit's transition 9909), not a remote hang-up, at both ends.
        async afterEnd(call) {
          expect(call.endReason).to.include({ code: 'network', platformCode: '9909' });
          const far = farSides.at(-1)!;
          await until(() => far.snapshot.calls.length === 0, "the far side's call ended by its own audit", 60000);
          expect(far.snapshot.lastEndedCall?.endReason?.code).to.equal('network');
        },
      },
    },
  },
);

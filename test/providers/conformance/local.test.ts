/**
 * NOT YET RUN by npm test (not named *.test.ts): two findings for the local provider block it, see the
 * kit branch report (a devicechange listener left after disconnect; a cut socket does not end the call as network).
 *
 * The local provider against the provider contract: real WebRTC between parties in this page through the
 * real signaling server (test/harness/plugins/signaling.mjs). Only the public provider interface is used.
 */
import { SIGNALING_URL } from '/__signaling.js';
import { LocalProvider } from '../../../src/providers/local/local-provider.js';
import { name, party, releaseParties, type Party } from '../../fixtures/local/parties.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

let self = '';

/** A far-side party whose signaling socket the test can cut, as a crashed tab or a lost network would. */
async function farSide(who: string): Promise<{ party: Party; cut: () => void }> {
  const sockets: WebSocket[] = [];
  const Real = globalThis.WebSocket;
  globalThis.WebSocket = class extends Real {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  };
  try {
    const p = await party(who);
    return { party: p, cut: () => sockets.forEach((s) => s.close()) };
  } finally {
    globalThis.WebSocket = Real;
  }
}

const callOf = (run: ConformanceRun, id: string) => run.controller.snapshot.calls.find((c) => c.id === id);

/** We call `bob`, bob answers. */
async function callTo(run: ConformanceRun, bob: Party): Promise<string> {
  const id = await run.controller.startCall(bob.user);
  await until(() => bob.s().calls.some((c) => c.state === 'ringing'), 'bob rings', 20000);
  await bob.controller.accept(bob.call().id);
  await until(() => callOf(run, id)?.state === 'connected', 'connected', 20000);
  return id;
}

runProviderConformance(
  () => {
    self = name('self');
    return new LocalProvider({ user: self, server: SIGNALING_URL, options: {} });
  },
  {
    name: 'local (signaling server, real WebRTC)',
    // The shared signaling server rings for 45 s before no-answer.
    timeout: 120000,
    cleanup: releaseParties,
    liveCall: async (run) => callTo(run, (await farSide('bob')).party),
    endReasons: {
      'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await callTo(run, (await farSide('bob')).party)) },
      'remote hang-up': {
        expect: 'remote-hung-up',
        provoke: async (run) => {
          const bob = (await farSide('bob')).party;
          await callTo(run, bob);
          await bob.controller.hangUp();
        },
      },
      decline: {
        expect: 'declined',
        provoke: async (run) => {
          const bob = (await farSide('bob')).party;
          await bob.controller.startCall(self);
          await until(() => run.controller.snapshot.calls.some((c) => c.state === 'ringing'), 'we ring', 20000);
          await run.controller.reject(run.controller.snapshot.calls[0]!.id);
        },
      },
      busy: {
        expect: 'busy',
        provoke: async (run) => {
          const bob = (await farSide('bob')).party;
          const carol = (await farSide('carol')).party;
          await carol.controller.startCall(bob.user);
          await until(() => bob.s().calls.length > 0, 'bob in a call with carol', 20000);
          await run.controller.startCall(bob.user).catch(() => undefined); // rejects with busy; the end reason tells
        },
      },
      'no answer': {
        expect: 'no-answer',
        provoke: async (run) => {
          const bob = (await farSide('bob')).party;
          await run.controller.startCall(bob.user);
        },
      },
      'network loss': {
        expect: 'network',
        provoke: async (run) => {
          const bob = await farSide('bob');
          await callTo(run, bob.party);
          bob.cut();
        },
      },
    },
  },
);

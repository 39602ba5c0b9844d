/**
 * The local provider against the provider contract: real WebRTC between parties in this page through a real
 * signaling server process of this file's own (test/harness/plugins/signaling.mjs), with short timings so a
 * ring times out and a vanished party is noticed in seconds. Only the public provider interface is used.
 */
import { LocalProvider } from '../../../src/providers/local/local-provider.js';
import { name, ownServer, party, releaseParties, releaseServers, type OwnServer, type Party } from '../../fixtures/local/parties.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

let server: Promise<OwnServer> | undefined;
/** Rings 4 s before no-answer; a silent connection is dropped after two 2 s pings and forgotten 3 s later. */
const ownSignaling = (): Promise<OwnServer> =>
  (server ??= ownServer({ ringMs: 4000, heartbeatMs: 2000, graceMs: 3000, restoreMs: 3000, maxConnectionsPerAddress: 200 }));

after(releaseServers);

const callOf = (run: ConformanceRun, id: string) => run.controller.snapshot.calls.find((c) => c.id === id);

/** A far-side party on this file's server. */
const farSide = async (who: string): Promise<Party> => party(who, (await ownSignaling()).url);

/** We call `bob`, bob answers. */
async function callTo(run: ConformanceRun, bob: Party): Promise<string> {
  const id = await run.controller.startCall(bob.user);
  await until(() => bob.s().calls.some((c) => c.state === 'ringing'), 'bob rings', 20000);
  await bob.controller.accept(bob.call().id);
  await until(() => callOf(run, id)?.state === 'connected', 'connected', 20000);
  return id;
}

runProviderConformance(async () => new LocalProvider({ user: name('self'), server: (await ownSignaling()).url, options: {} }), {
  name: 'local (signaling server, real WebRTC)',
  timeout: 90000,
  cleanup: releaseParties,
  releaseFarSide: releaseParties,
  liveCall: async (run) => callTo(run, await farSide('bob')),
  endReasons: {
    'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await callTo(run, await farSide('bob'))) },
    'remote hang-up': {
      expect: 'remote-hung-up',
      provoke: async (run) => {
        const bob = await farSide('bob');
        await callTo(run, bob);
        await bob.controller.hangUp();
      },
    },
    decline: {
      expect: 'declined',
      provoke: async (run) => {
        const bob = await farSide('bob');
        await run.controller.startCall(bob.user);
        await until(() => bob.s().calls.some((c) => c.state === 'ringing'), 'bob rings', 20000);
        await bob.controller.reject(bob.call().id);
      },
    },
    busy: {
      expect: 'busy',
      provoke: async (run) => {
        const bob = await farSide('bob');
        const carol = await farSide('carol');
        await carol.controller.startCall(bob.user);
        await until(() => bob.s().calls.length > 0, 'bob in a call with carol', 20000);
        await run.controller.startCall(bob.user).catch(() => undefined); // rejects with busy; the end reason tells
      },
    },
    'no answer': {
      expect: 'no-answer',
      provoke: async (run) => {
        const bob = await farSide('bob');
        await run.controller.startCall(bob.user);
      },
    },
    'network loss': {
      expect: 'network',
      provoke: async (run) => {
        // Bob reaches the server through a TCP proxy; black-holing it is bob's machine vanishing mid-call:
        // no hang-up, no goodbye, and no way back (every new connection falls into the hole too).
        const path = await (await ownSignaling()).proxy();
        const bob = await party('bob', path.url);
        await callTo(run, bob);
        await path.blackhole(true);
      },
    },
  },
});

/** Genesys Cloud call control against the provider contract, through Prism (the calls spec) and the stand-in. */
import { GenesysProvider } from '../../../src/providers/genesys/genesys-provider.js';
import { GENESYS_GATEWAY, GenesysWorld, alertingCall, connectedCall } from '../../fixtures/genesys/world.js';
import { until } from '../../harness/recording-provider.js';
import { standInFirst } from '../../fixtures/genesys/session.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

let world = new GenesysWorld();
let seq = 0;

standInFirst();

/** A conversation the agent is on, added on the platform side; the notification (or a read) shows it. */
async function liveCall(run: ConformanceRun, make = connectedCall): Promise<string> {
  const id = `conv-${++seq}`;
  await world.add(make(id));
  await run.controller.refresh();
  await until(() => run.controller.snapshot.calls.some((c) => c.id === id), 'the call listed', 10000);
  return id;
}

runProviderConformance(
  () => {
    world = new GenesysWorld();
    return new GenesysProvider({ options: { token: world.token, gateway: GENESYS_GATEWAY, pollIntervalMs: 500 } });
  },
  {
    name: 'genesys (Prism + stand-in)',
    liveCall: (run) => liveCall(run),
    endReasons: {
      'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await liveCall(run)) },
      'remote hang-up': {
        expect: 'remote-hung-up',
        provoke: async (run) => {
          const id = await liveCall(run);
          await world.change(id, `${id}-customer`, { state: 'disconnected' });
          await run.controller.refresh();
        },
      },
      decline: { expect: 'declined', provoke: async (run) => run.controller.reject(await liveCall(run, alertingCall)) },
      busy: {
        cannot:
          "Genesys Cloud's participant disconnectType has no busy value (the spec's enum, mapped value by value in genesys-mapping.test.ts): a busy far end ends the customer leg as system, peer or uncallable",
      },
      'no answer': {
        expect: 'no-answer',
        provoke: async (run) => {
          // The far leg ends as `timeout` (nobody answered); the platform closes the agent's as `peer`.
          await world.dialOutcome('+12025550404', 'timeout');
          await run.controller.startCall('+12025550404', { kind: 'phone' });
        },
      },
      'network loss': {
        cannot:
          "Genesys call control: the call's media runs on the agent's phone, so the browser losing the API ends no call; it shows as reconnecting and recovers (genesys.test.ts)",
      },
    },
  },
);

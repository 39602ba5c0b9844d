/** The simulated platform against the provider contract; its `simulate*` hooks play the far side. */
import { SimulatedProvider } from '../../../src/providers/simulated/simulated-provider.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

const sim = (run: ConformanceRun) => run.provider as SimulatedProvider;
const connectedCall = async (run: ConformanceRun, to = 'Alice'): Promise<string> => {
  const id = await run.controller.startCall(to);
  await until(() => run.controller.snapshot.calls.find((c) => c.id === id)?.state === 'connected', 'the call connects', 10000);
  return id;
};

runProviderConformance(() => new SimulatedProvider({ scenario: 'idle', options: { ringMs: 30, noAnswerMs: 60 } }), {
  name: 'simulated',
  liveCall: (run) => connectedCall(run),
  endReasons: {
    'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await connectedCall(run)) },
    'remote hang-up': { expect: 'remote-hung-up', provoke: async (run) => sim(run).simulateRemoteHangUp(await connectedCall(run)) },
    decline: {
      expect: 'declined',
      provoke: async (run) => {
        const id = sim(run).simulateIncomingCall({ name: 'Bob' });
        await until(() => run.controller.snapshot.calls.some((c) => c.id === id), 'ringing');
        await run.controller.reject(id);
      },
    },
    busy: { expect: 'busy', provoke: async (run) => void (await run.controller.startCall('busy line')) },
    'no answer': { expect: 'no-answer', provoke: async (run) => void (await run.controller.startCall('no-answer line')) },
    'network loss': {
      expect: 'network',
      provoke: async (run) => {
        await connectedCall(run);
        sim(run).simulateNetworkLoss();
      },
    },
  },
});

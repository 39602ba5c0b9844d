/** ACS against the provider contract, on the fake SDK that is type-checked against the real 2.0.0 typings. */
import { AcsProvider } from '../../../src/providers/acs/acs-provider.js';
import { fakeSdk, FakeRemoteParticipant, type FakeCall, type FakeSdk } from '../../fixtures/acs/fake-sdk.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const TOKEN = `${b64({ alg: 'none' })}.${b64({ skypeid: 'acs:me', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;

let sdk: FakeSdk = fakeSdk();
const lastCall = (): FakeCall => sdk.agent!.calls.at(-1)!;

/** A placed call the far side answers; returns our id for it. */
async function connectedCall(run: ConformanceRun): Promise<string> {
  const id = await run.controller.startCall('8:acs:bob');
  const call = lastCall();
  call.join(new FakeRemoteParticipant({ kind: 'communicationUser', communicationUserId: '8:acs:bob' }, 'Bob')).addStream();
  call.setState('Connected');
  await until(() => run.controller.snapshot.calls.find((c) => c.id === id)?.state === 'connected', 'connected');
  return id;
}

/** A placed call that the service ends with `code` before it is answered. */
async function endedWith(run: ConformanceRun, code: number, subCode = 0): Promise<void> {
  await run.controller.startCall('8:acs:bob');
  lastCall().setState('Disconnected', { code, subCode });
}

runProviderConformance(
  () => {
    sdk = fakeSdk();
    return new AcsProvider({ options: { token: TOKEN } }, () => Promise.resolve(sdk));
  },
  {
    name: 'acs (fake SDK)',
    liveCall: connectedCall,
    endReasons: {
      'local hang-up': { expect: 'hung-up', provoke: async (run) => run.controller.hangUp(await connectedCall(run)) },
      'remote hang-up': {
        expect: 'remote-hung-up',
        provoke: async (run) => {
          await connectedCall(run);
          lastCall().setState('Disconnected', { code: 0, subCode: 0 });
        },
      },
      decline: {
        expect: 'declined',
        provoke: async (run) => {
          sdk.agent!.ring({ identifier: { kind: 'communicationUser', communicationUserId: '8:acs:carol' }, displayName: 'Carol' });
          await until(() => run.controller.snapshot.calls.some((c) => c.state === 'ringing'), 'ringing');
          await run.controller.reject(run.controller.snapshot.calls[0]!.id);
        },
      },
      busy: { expect: 'busy', provoke: (run) => endedWith(run, 486) },
      'no answer': { expect: 'no-answer', provoke: (run) => endedWith(run, 408) },
      'network loss': { expect: 'network', provoke: (run) => endedWith(run, 490) },
    },
  },
);

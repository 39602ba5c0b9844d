/** jambonz against the provider contract, through Prism (the jambonz OpenAPI spec) and the server stand-in. */
import { JAMBONZ_API, JAMBONZ_TOKEN } from '/__jambonz.js';
import { JambonzProvider } from '../../../src/providers/jambonz/index.js';
import { JambonzWorld } from '../../fixtures/jambonz/world.js';
import { until } from '../../harness/recording-provider.js';
import { runProviderConformance, type ConformanceRun } from './run-provider-conformance.js';

let world = new JambonzWorld();

/** A live call this account is on; the list read picks it up. */
async function connectedCall(run: ConformanceRun, status: 'in-progress' | 'ringing' = 'in-progress', direction: 'inbound' | 'outbound' = 'inbound'): Promise<string> {
  const record = world.call({ call_status: status, direction });
  await world.seed(record);
  await run.controller.refresh();
  await until(() => run.controller.snapshot.calls.some((c) => c.id === record.call_sid), 'the call listed', 20000);
  return record.call_sid;
}

/** The platform moves the call to a terminal status; the next read ends it. */
async function endsAs(run: ConformanceRun, status: 'completed' | 'busy' | 'no-answer', direction: 'inbound' | 'outbound' = 'inbound'): Promise<void> {
  const sid = await connectedCall(run, direction === 'outbound' ? 'ringing' : 'in-progress', direction);
  await world.set(sid, { call_status: status });
  await run.controller.refresh();
}

runProviderConformance(
  () => {
    world = new JambonzWorld();
    // A SIPREC recorder, so recording is advertised and exercised like the other actions.
    return new JambonzProvider({
      options: { baseUrl: JAMBONZ_API, accountSid: world.account, token: JAMBONZ_TOKEN, pollInterval: 500, siprecServerURL: 'sip:recorder@127.0.0.1' },
    });
  },
  {
    name: 'jambonz (Prism + stand-in)',
    liveCall: (run) => connectedCall(run),
    endReasons: {
      'local hang-up': {
        expect: 'hung-up',
        provoke: async (run) => {
          await run.controller.hangUp(await connectedCall(run));
          await run.controller.refresh();
        },
      },
      'remote hang-up': { expect: 'remote-hung-up', provoke: (run) => endsAs(run, 'completed') },
      decline: {
        expect: 'declined',
        provoke: async (run) => {
          // jambonz declines a ringing inbound leg by answering it `no-answer`; the provider remembers it declined.
          await run.controller.reject(await connectedCall(run, 'ringing'));
          await run.controller.refresh();
        },
      },
      busy: { expect: 'busy', provoke: (run) => endsAs(run, 'busy', 'outbound') },
      'no answer': { expect: 'no-answer', provoke: (run) => endsAs(run, 'no-answer', 'outbound') },
      'network loss': {
        cannot:
          'jambonz is call control: media runs between the carrier and jambonz, so the browser losing the API ends no call; a lost API shows as reconnecting and the list recovers (jambonz.test.ts)',
      },
    },
  },
);

/** The controller's checks for transfer, merge, recording pause and after-call work, before any provider call. */
import { expect } from '@open-wc/testing';
import { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import type { Call, Capability } from '../../src/core/state.js';
import { ALL_CALL_CAPABILITIES, RecordingProvider, settle } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';

/** The recording provider with the actions this contract added. */
class HandoverProvider extends RecordingProvider {
  setRecordingPaused = (...args: unknown[]) => this.#log('setRecordingPaused', args);
  mergeCalls = (...args: unknown[]) => this.#log('mergeCalls', args);
  submitWrapUp = (...args: unknown[]) => this.#log('submitWrapUp', args);
  skipWrapUp = (...args: unknown[]) => this.#log('skipWrapUp', args);
  #log(method: string, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    return Promise.resolve();
  }
}

const HANDOVER: Capability[] = [...ALL_CALL_CAPABILITIES, 'consult-transfer', 'merge', 'record-pause', 'wrap-up'];
const WRAP_UP = { codes: [{ id: 'resolved', name: 'Resolved' }], required: true, deadline: null };

async function setup() {
  const provider = new HandoverProvider();
  const controller = new CallController(provider);
  await controller.connect();
  await settle();
  const errors: CallError[] = [];
  controller.addEventListener('call-error', (e) => errors.push(e.detail.error));
  const add = async (init: Partial<Call> = {}) => {
    const call = provider.addCall(init, HANDOVER);
    await settle();
    return call;
  };
  /** The methods the provider was asked to run (connect and disconnect aside). */
  const asked = () => provider.calls.map((c) => c.method);
  return { provider, controller, errors, add, asked };
}

describe('transfer, merge, recording pause and wrap-up plans', () => {
  it('transfer onto the same call is invalid-argument, and reaches no provider', async () => {
    const { controller, add, asked, errors } = await setup();
    const call = await add();
    const error = await rejection(controller.transfer({ callId: call.id }, call.id));
    expect(error.code).to.equal('invalid-argument');
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-argument']);
    expect(asked()).to.not.include('transfer');
  });

  it('transfer onto another call of the user reaches the provider as { callId }', async () => {
    const { controller, provider, add } = await setup();
    const call = await add();
    const other = await add({ state: 'on-hold' });
    await controller.transfer({ callId: other.id }, call.id);
    expect(provider.calls.at(-1)).to.deep.equal({ method: 'transfer', args: [call.id, { callId: other.id }] });
  });

  it('transfer onto an unknown call is not-found; without consult-transfer it is unsupported', async () => {
    const { controller, provider, add } = await setup();
    const call = await add();
    expect((await rejection(controller.transfer({ callId: 'nope' }, call.id))).code).to.equal('not-found');
    const plain = provider.addCall({}, ['transfer']);
    await settle();
    const other = await add();
    expect((await rejection(controller.transfer({ callId: other.id }, plain.id))).code).to.equal('unsupported');
  });

  it('a blind transfer to a kind the platform does not dial is unsupported', async () => {
    const { controller, add } = await setup();
    const call = await add();
    expect((await rejection(controller.transfer({ to: 'queue:Support', kind: 'queue' }, call.id))).code).to.equal('unsupported');
  });

  it('merging a call with itself is invalid-argument; with another call it reaches the provider', async () => {
    const { controller, provider, add } = await setup();
    const call = await add();
    expect((await rejection(controller.mergeCalls(call.id, call.id))).code).to.equal('invalid-argument');
    const other = await add();
    await controller.mergeCalls(other.id, call.id);
    expect(provider.calls.at(-1)).to.deep.equal({ method: 'mergeCalls', args: [call.id, other.id] });
  });

  it('pausing a recording that is not running is invalid-state; a running one reaches the provider', async () => {
    const { controller, provider, add, asked } = await setup();
    const idle = await add({ recording: false });
    expect((await rejection(controller.setRecordingPaused(true, idle.id))).code).to.equal('invalid-state');
    expect(asked()).to.not.include('setRecordingPaused');
    const recording = await add({ recording: true });
    await controller.setRecordingPaused(true, recording.id);
    expect(provider.calls.at(-1)).to.deep.equal({ method: 'setRecordingPaused', args: [recording.id, true] });
    expect((await rejection(controller.setRecordingPaused('yes' as unknown as boolean, recording.id))).code).to.equal('invalid-argument');
  });

  it('a wrap-up code that was not offered is not-found', async () => {
    const { controller, add, asked } = await setup();
    const call = await add({ state: 'wrap-up', wrapUp: WRAP_UP });
    expect((await rejection(controller.submitWrapUp({ codeId: 'made-up' }, call.id))).code).to.equal('not-found');
    expect(asked()).to.not.include('submitWrapUp');
  });

  it('notes with control characters are invalid-argument; newlines and tabs are fine', async () => {
    const { controller, provider, add } = await setup();
    const call = await add({ state: 'wrap-up', wrapUp: WRAP_UP });
    expect((await rejection(controller.submitWrapUp({ codeId: 'resolved', notes: 'bell \u0007' }, call.id))).code).to.equal('invalid-argument');
    await controller.submitWrapUp({ codeId: 'resolved', notes: 'line one\n\tline two' }, call.id);
    expect(provider.calls.at(-1)).to.deep.equal({ method: 'submitWrapUp', args: [call.id, { codeId: 'resolved', notes: 'line one\n\tline two' }] });
  });

  it('wrap-up for a call that is not in wrap-up is invalid-state', async () => {
    const { controller, add } = await setup();
    const call = await add({ state: 'connected', wrapUp: WRAP_UP });
    expect((await rejection(controller.submitWrapUp({ codeId: 'resolved' }, call.id))).code).to.equal('invalid-state');
  });

  it('leaving wrap-up without a code is allowed only where the code is not required', async () => {
    const { controller, provider, add } = await setup();
    const required = await add({ state: 'wrap-up', wrapUp: WRAP_UP });
    expect((await rejection(controller.skipWrapUp(required.id))).code).to.equal('invalid-state');
    const optional = await add({ state: 'wrap-up', wrapUp: { ...WRAP_UP, required: false } });
    await controller.skipWrapUp(optional.id);
    expect(provider.calls.at(-1)).to.deep.equal({ method: 'skipWrapUp', args: [optional.id] });
  });
});

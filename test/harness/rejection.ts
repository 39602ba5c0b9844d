import { expect } from '@open-wc/testing';
import { CallError } from '../../src/core/errors.js';

/** Awaits an action that must reject, and returns its CallError (fails if it resolves or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return error as CallError;
  }
  throw new Error('expected the action to reject');
}

import { CallError } from '../core/errors.js';
import type { CallProvider } from '../core/provider.js';

/** Stands in when a provider could not be created, so the failure shows in the UI like any other. */
export const unavailableProvider = (kind: string, error: CallError): CallProvider => ({
  kind,
  connect: () => Promise.reject(error),
  disconnect: () => Promise.resolve(),
  createView() {
    throw new CallError('not-connected', error.message, { cause: error });
  },
});

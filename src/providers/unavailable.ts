import { CallError } from '../core/errors.js';
import type { MediaView } from '../core/media.js';
import type { CallProvider } from '../core/provider.js';

/** Stands in when a provider could not be created, so the failure shows in the UI like any other. */
export class UnavailableProvider implements CallProvider {
  constructor(
    readonly kind: string,
    private readonly error: CallError,
  ) {}

  connect(): Promise<void> {
    return Promise.reject(this.error);
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  createView(): MediaView {
    throw new CallError('not-connected', this.error.message, { cause: this.error });
  }
}

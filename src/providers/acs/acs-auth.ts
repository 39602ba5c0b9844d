/**
 * Signing in to ACS: the token (a string, or a function the credential calls to refresh) becomes a
 * credential and a CallAgent. An expired JWT is reported before the SDK sees it.
 */
import type { CommunicationTokenCredential } from '@azure/communication-common';
import { CallError } from '../../core/errors.js';
import { checkToken, toCallError } from './mapping.js';
import type { AcsCallAgent, AcsCallClient, AcsDeviceManager, AcsSdk } from './sdk.js';

export type AcsToken = string | (() => Promise<string>);

export interface AcsSignIn {
  readonly agent: AcsCallAgent;
  readonly credential: CommunicationTokenCredential;
  /** Our id for the signed-in user (`8:<skypeid>` from the token), or `self` when the token is opaque. */
  readonly selfId: string;
}

/** Checks the option's type; called by the provider's constructor so a bad value fails early. */
export function checkTokenOption(token: unknown): void {
  if (token !== undefined && typeof token !== 'string' && typeof token !== 'function') {
    throw new CallError('invalid-argument', 'providerOptions.token must be a string or a function returning a promise of one');
  }
}

export async function signIn(sdk: AcsSdk, client: AcsCallClient, token: AcsToken, displayName: string): Promise<AcsSignIn> {
  let claims: ReturnType<typeof checkToken> = null;
  let credential: CommunicationTokenCredential;
  if (typeof token === 'string') {
    claims = checkToken(token);
    credential = new sdk.AzureCommunicationTokenCredential(token);
  } else {
    credential = new sdk.AzureCommunicationTokenCredential({
      tokenRefresher: async () => {
        const fresh = await token();
        if (typeof fresh !== 'string') throw new CallError('auth-failed', 'The token function must resolve to a string');
        return fresh;
      },
      refreshProactively: true,
    });
  }
  let agent: AcsCallAgent | undefined;
  try {
    agent = await client.createCallAgent(credential, displayName ? { displayName } : {});
  } catch (error) {
    credential.dispose();
    throw toCallError(error, 'auth-failed', 'connect');
  }
  if (!agent) {
    credential.dispose();
    throw new CallError('auth-failed', 'Azure Communication Services did not accept the token');
  }
  return { agent, credential, selfId: claims?.skypeid ? `8:${claims.skypeid}` : 'self' };
}

interface SharedClient {
  readonly client: AcsCallClient;
  readonly deviceManager: Promise<AcsDeviceManager>;
}

/**
 * One CallClient per SDK per page, never disposed: SDK 2.0.0 throws an unhandled TypeError
 * (`reading 'updateDevices'`) when a CallClient is disposed while its device enumeration is in flight,
 * and its device enumerator is page-global anyway. Each session still gets (and disposes) its own CallAgent.
 */
const sharedClients = new WeakMap<AcsSdk, SharedClient>();

export function sharedClient(sdk: AcsSdk): SharedClient {
  let shared = sharedClients.get(sdk);
  if (!shared) {
    const client = new sdk.CallClient();
    const deviceManager = client.getDeviceManager();
    deviceManager.catch(() => sharedClients.delete(sdk));
    shared = { client, deviceManager };
    sharedClients.set(sdk, shared);
  }
  return shared;
}


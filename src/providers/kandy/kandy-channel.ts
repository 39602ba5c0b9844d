/**
 * Ending a client's call subscription and notification channel on the platform when the session closes.
 *
 * The SDK's own `services.unsubscribe(['call'])` cannot do it in 4.9.0: its closeChannel compares the
 * channel type with `'websockets'` (kandy.js:44174) while the platform echoes the `'Websockets'` the SDK
 * asked for (kandy.js:43805), so it returns nothing, the subscription saga crashes reading `.error` of that
 * (kandy.js:44336), and the channel is never deleted nor its websocket closed. The adapter therefore sends
 * the two DELETEs the SDK would have sent, to the URLs its requests build (callUnsubscribe kandy.js:21010,
 * deleteChannel kandy.js:43850), from what it keeps in its public state (`client.state.get()`) and with the
 * user's current access token. Connectivity checks are switched off first, so the SDK neither pings nor
 * reconnects the socket that the platform closes once its channel is gone.
 */
import type { KandyClient, KandyPublicState } from './kandy-sdk.js';

export interface KandyServerAddress {
  readonly base: string;
  readonly protocol?: string;
  readonly port?: number | string;
  readonly version?: string;
}

/** The platform resources this client still holds: its call subscription(s) and its websocket channel. */
export function heldResources(state: KandyPublicState): { subscriptions: string[]; channel: string | null } {
  const channel = state.subscription?.notificationChannels?.websocket?.channelId ?? null;
  const subscriptions = (state.subscription?.subscriptions ?? [])
    .filter((s) => s.channelType === 'websocket' && s.subscriptionId)
    .map((s) => s.subscriptionId!);
  return { subscriptions, channel };
}

/** Deletes the call subscriptions, then the channel; failures are swallowed (the session is closing anyway). */
export async function closeNotificationChannel(client: KandyClient, server: KandyServerAddress, timeoutMs: number): Promise<void> {
  client.connection.enableConnectivityChecking(false);
  const state = client.state.get();
  const { username, accessToken } = state.authentication?.userInfo ?? {};
  if (!username || !accessToken) return;
  const { subscriptions, channel } = heldResources(state);
  const base = `${server.protocol ?? 'https'}://${server.base}:${server.port ?? 443}/cpaas`;
  const version = server.version ?? 'v1';
  const remove = (path: string): Promise<unknown> =>
    fetch(`${base}/${path}`, {
      method: 'DELETE',
      headers: { Accept: 'application/json', Authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    }).catch(() => undefined);
  await Promise.all(subscriptions.map((id) => remove(`webrtcsignaling/${version}/${username}/subscriptions/${id}`)));
  if (channel) await remove(`notificationchannel/${version}/${username}/channels/${channel}`);
}

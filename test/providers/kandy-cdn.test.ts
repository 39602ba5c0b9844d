/**
 * The Kandy provider as a CDN page uses it: dist/call-elements.js from one origin, and the vendor's own
 * @kandy-io/cpaas-sdk (bundled as an ESM CDN serves it) from another, handed over in
 * `providerOptions.sdk` as a URL. call-elements ships none of the SDK: without it the page shows what to
 * add. The CPaaS endpoints are the loopback stand-in (test/harness/plugins/kandy.mjs).
 */
import { expect } from '@open-wc/testing';
import { openCdnPage, previewVideo, served, shownError, VENDOR, type CdnPage } from '../harness/cdn-page.js';
import { paintedFrames } from '../harness/frames.js';
import { until } from '../harness/recording-provider.js';
import { KANDY_SERVER, routeKandyWebSocket, tokensFor } from '../fixtures/kandy/kandy-fixture.js';

const MARKUP = '<call-session provider="kandy"><call-status></call-status><device-picker preview></device-picker></call-session>';

function options(user: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    server: { base: KANDY_SERVER.base, port: KANDY_SERVER.port, protocol: KANDY_SERVER.protocol },
    clientCorrelator: `cdn-${user}`,
    tokens: () => Promise.resolve(tokensFor(user)),
    config: { call: { iceServers: [], serverTurnCredentials: false }, logs: { logLevel: 'error' } },
    ...extra,
  };
}

describe('kandy from a CDN: the SDK comes from the page, never from call-elements', () => {
  const pages: CdnPage[] = [];
  before(() => routeKandyWebSocket());
  afterEach(() => pages.splice(0).forEach((p) => p.frame.remove()));

  it('with providerOptions.sdk (a URL), it signs in and the preview renders in <device-picker>', async () => {
    const page = await openCdnPage(MARKUP, { providerOptions: options('cdn-alice@kandy.test', { sdk: `${VENDOR}@kandy-io/cpaas-sdk.js` }) });
    pages.push(page);
    const controller = await page.session.whenReady();
    await until(() => controller.snapshot.connection === 'connected', 'signed in to the stand-in', 60000);
    expect(controller.snapshot.self.address).to.equal('cdn-alice@kandy.test');
    const size = await paintedFrames(await previewVideo(page.document.querySelector('device-picker')!), 3, 20000, 'the Kandy preview');
    expect(size.width).to.be.greaterThan(0);
    expect(page.errors).to.deep.equal([]);
    expect(await served('vendor')).to.include('/@kandy-io/cpaas-sdk.js');
  }).timeout(120000);

  it('without it, the session fails with a typed error that says what to add', async () => {
    const page = await openCdnPage(MARKUP, { providerOptions: options('cdn-bob@kandy.test') });
    pages.push(page);
    const { code, detail } = await shownError(page);
    expect(code).to.equal('unsupported');
    expect(detail).to.contain('<script type="importmap">{"imports":{"@kandy-io/cpaas-sdk":');
    expect(detail).to.contain('providerOptions.sdk');
    expect(page.errors.map((e) => [e.name, e.code])).to.deep.equal([['CallError', 'unsupported']]);
  }).timeout(120000);

  it('a providerOptions.sdk URL that does not load is a network error naming the URL', async () => {
    const missing = `${VENDOR}@kandy-io/no-such-sdk.js`;
    const page = await openCdnPage(MARKUP, { providerOptions: options('cdn-carol@kandy.test', { sdk: missing }) });
    pages.push(page);
    await until(() => page.errors.length > 0, 'a call-error', 30000);
    expect(page.errors[0]!.code).to.equal('network');
    expect(page.errors[0]!.message).to.contain(missing);
  }).timeout(60000);
});

/**
 * The ACS provider as a CDN page uses it: dist/call-elements.js from one origin, the vendor's own
 * @azure/communication-calling (bundled as an ESM CDN serves it) from another, named in the page's import
 * map. call-elements ships none of the SDK, so without the import map the page shows what to add.
 */
import { expect } from '@open-wc/testing';
import { openCdnPage, previewVideo, served, shownError, VENDOR, type CdnPage } from '../harness/cdn-page.js';
import { paintedFrames } from '../harness/frames.js';
import { until } from '../harness/recording-provider.js';

const MARKUP = '<call-session provider="acs"><call-status></call-status><device-picker preview></device-picker></call-session>';
const IMPORT_MAP = {
  '@azure/communication-calling': `${VENDOR}@azure/communication-calling.js`,
  '@azure/communication-common': `${VENDOR}@azure/communication-common.js`,
};

describe('acs from a CDN: the SDK comes from the page, never from call-elements', () => {
  const pages: CdnPage[] = [];
  afterEach(() => pages.splice(0).forEach((p) => p.frame.remove()));

  it('with an import map for the SDK, the pre-call preview renders in <device-picker>', async () => {
    const page = await openCdnPage(MARKUP, { importMap: IMPORT_MAP });
    pages.push(page);
    const picker = page.document.querySelector('device-picker')!;
    // The pre-call screen: the SDK is loaded and no token was given, so it settles "disconnected".
    const controller = await page.session.whenReady();
    await until(() => controller.snapshot.connection === 'disconnected', 'the ACS pre-call screen', 60000);
    const size = await paintedFrames(await previewVideo(picker), 3, 20000, 'the ACS preview');
    expect(size.width).to.be.greaterThan(0);
    // Real SDK device lists, from the vendor origin's module.
    const cameras = [...picker.shadowRoot!.querySelectorAll('select')].flatMap((s) => [...s.options].map((o) => o.textContent));
    expect(cameras).to.include('fake_device_0');
    expect(page.errors).to.deep.equal([]);
    expect(await served('vendor')).to.include.members(['/@azure/communication-calling.js', '/@azure/communication-common.js']);
  }).timeout(120000);

  it('or with providerOptions.sdk and .commonSdk as URLs, and no import map', async () => {
    const page = await openCdnPage(MARKUP, { providerOptions: { sdk: IMPORT_MAP['@azure/communication-calling'], commonSdk: IMPORT_MAP['@azure/communication-common'] } });
    pages.push(page);
    const controller = await page.session.whenReady();
    await until(() => controller.snapshot.connection === 'disconnected', 'the ACS pre-call screen', 60000);
    const size = await paintedFrames(await previewVideo(page.document.querySelector('device-picker')!), 3, 20000, 'the ACS preview');
    expect(size.width).to.be.greaterThan(0);
    expect(page.errors).to.deep.equal([]);
  }).timeout(120000);

  it('without it, the session fails with a typed error that says what to add', async () => {
    const page = await openCdnPage(MARKUP);
    pages.push(page);
    const { code, detail } = await shownError(page);
    expect(code).to.equal('unsupported');
    expect(detail).to.contain('@azure/communication-calling');
    expect(detail).to.contain('<script type="importmap">{"imports":{"@azure/communication-calling":');
    expect(detail).to.contain('providerOptions.sdk');
    expect(page.errors.map((e) => [e.name, e.code])).to.deep.equal([['CallError', 'unsupported']]);
    // And the picker shows no preview: nothing half-started.
    expect(page.document.querySelector('device-picker')!.shadowRoot!.querySelector('video')).to.equal(null);
  }).timeout(120000);
});

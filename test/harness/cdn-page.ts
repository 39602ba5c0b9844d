/**
 * A page as a site builds it from CDNs: an optional import map, then `<script type="module">` for
 * dist/call-elements.js from the "cdn" origin (test/harness/plugins/vendor-cdn.mjs). The page is an iframe
 * on the test's own origin, so the test reads its DOM as the user sees it; the import map is its own.
 */
import { CDN, VENDOR } from '/__vendor-cdn.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import type { CallError } from '../../src/core/errors.js';
import { until } from './recording-provider.js';

export { CDN, VENDOR };

export interface CdnPage {
  readonly frame: HTMLIFrameElement;
  readonly document: Document;
  /** The page's `<call-session>`, and every `call-error` it fired. */
  readonly session: CallSession;
  readonly errors: CallError[];
}

/** Opens the page, waits for the elements to be defined, then adds `markup` (one `<call-session>`). */
export async function openCdnPage(markup: string, options: { importMap?: Record<string, string>; providerOptions?: Record<string, unknown> } = {}): Promise<CdnPage> {
  const frame = document.createElement('iframe');
  const query = options.importMap ? `?importmap=${encodeURIComponent(JSON.stringify(options.importMap))}` : '';
  frame.src = `/__vendor-cdn/page.html${query}`;
  frame.width = '640';
  frame.height = '480';
  document.body.append(frame);
  // The first page of a run may wait for the build check and the vendor bundling.
  await until(() => !!frame.contentWindow?.customElements.get('call-session'), 'call-elements.js from the CDN origin', 60000);
  const doc = frame.contentDocument!;
  const template = doc.createElement('template');
  template.innerHTML = markup;
  const session = template.content.querySelector('call-session') as CallSession;
  const errors: CallError[] = [];
  session.addEventListener('call-error', (e) => errors.push((e as CustomEvent<{ error: CallError }>).detail.error));
  doc.body.append(template.content);
  // Right after attaching, as the README shows: the session reads its options a microtask later.
  if (options.providerOptions) session.providerOptions = options.providerOptions;
  return { frame, document: doc, session, errors };
}

/** The paths an origin served ('cdn' or 'vendor'), in order. */
export async function served(which: 'cdn' | 'vendor'): Promise<string[]> {
  const base = which === 'cdn' ? new URL('/', CDN).href : VENDOR;
  return (await fetch(`${base}__requests`)).json() as Promise<string[]>;
}

/**
 * Waits for the picker's preview <video>, clicking "Allow camera and microphone" first if the picker asks
 * (as the user would; a browser that already granted the camera shows the preview at once).
 */
export async function previewVideo(picker: Element, timeout = 60000): Promise<HTMLVideoElement> {
  const root = () => picker.shadowRoot;
  let clicked = false;
  await until(() => {
    const allow = root()?.querySelector<HTMLButtonElement>('[part~="allow"]');
    if (allow && !clicked) {
      clicked = true;
      allow.click();
    }
    return !!root()?.querySelector('video')?.srcObject;
  }, 'the preview video', timeout);
  return root()!.querySelector('video')!;
}

/** The error `<call-status>` shows on the page, once it shows: its code and the error's own message. */
export async function shownError(page: CdnPage, timeout = 30000): Promise<{ code: string | null; detail: string }> {
  const status = page.document.querySelector('call-status')!;
  await until(() => !!status.shadowRoot?.querySelector('[part~="error"]'), 'the error alert in <call-status>', timeout);
  const alert = status.shadowRoot!.querySelector('[part~="error"]')!;
  return { code: alert.getAttribute('data-code'), detail: alert.querySelector('[part~="error-detail"]')?.textContent ?? '' };
}

/**
 * Every story of the catalogue, rendered in real Chromium through Storybook's portable stories, then
 * looked at in light and dark (emulated `prefers-color-scheme`; the preview's default scheme follows the
 * system) at 375 px and 1280 px: axe clean (colour contrast included), nothing overflowing its own box,
 * no two targets on top of each other, and targets big enough to hit.
 *
 * A story renders once; the four looks change only the viewport and the scheme, which re-style and
 * re-lay out the same elements (a fresh render per look would quadruple the run for nothing).
 *
 * The catalogue is split over two test files (stories-panels, stories-media) so the halves run side by side.
 */
import { expect } from '@open-wc/testing';
import { setProjectAnnotations } from '@storybook/web-components-vite';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { composeStories } from 'storybook/preview-api';
import * as preview from '../../.storybook/preview.js';
import { rendered, until } from '../../stories/simulated-session.js';

const annotations = setProjectAnnotations([preview]);

type CsfModule = Parameters<typeof composeStories>[0];
interface RunnableStory {
  run(context: { canvasElement: HTMLElement }): Promise<void>;
}

const LOOKS = [
  { width: 375, scheme: 'light' },
  { width: 375, scheme: 'dark' },
  { width: 1280, scheme: 'light' },
  { width: 1280, scheme: 'dark' },
] as const;

/** Every element under `root`, through open shadow roots and into slotted content (each once). */
function allElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

const INTERACTIVE = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])';

/** The targets a user can see and hit: interactive, rendered, not disabled-and-hidden, inside the viewport's flow. */
function targets(canvas: HTMLElement): { el: Element; r: DOMRect }[] {
  return allElements(canvas)
    .filter((el) => el.matches(INTERACTIVE) && el.checkVisibility({ visibilityProperty: true, opacityProperty: false }))
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 1 && r.height > 1);
}

const name = (el: Element) => {
  const host = (el.getRootNode() as ShadowRoot).host;
  const label = el.getAttribute('aria-label') ?? el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 30) ?? '';
  return `${host ? `<${host.localName}> ` : ''}${el.localName}[part=${el.getAttribute('part') ?? ''}] "${label}"`;
};

const intersection = (a: DOMRect, b: DOMRect) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

/** Problems a user at this width would see: overflow, overlapping targets, targets too small. */
function layoutProblems(canvas: HTMLElement, width: number): string[] {
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
  for (const el of allElements(canvas)) {
    if (!(el instanceof HTMLElement) || el.localName === 'slot' || el.localName === 'style') continue;
    const style = getComputedStyle(el);
    // Deliberately clipped or scrolling boxes (an ellipsis label, the speaker strip) are not overflow.
    if (style.overflowX !== 'visible' || style.display === 'inline' || style.display === 'contents') continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) problems.push(`${name(el)} overflows its box: ${el.scrollWidth} > ${el.clientWidth} px`);
  }
  const hits = targets(canvas);
  for (let i = 0; i < hits.length; i++) {
    for (let j = i + 1; j < hits.length; j++) {
      const a = hits[i]!;
      const b = hits[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (intersection(a.r, b.r) > 1) problems.push(`${name(a.el)} overlaps ${name(b.el)}`);
    }
  }
  for (const { el, r } of hits) {
    const host = (el.getRootNode() as ShadowRoot).host?.localName;
    const big = width <= 375 && ((host === 'call-dialer' && el.matches('[part~="key"]')) || host === 'call-controls');
    const min = big ? 44 : 24;
    // A checkbox or radio inside its <label> is hit anywhere on the label.
    const box = el.matches('input[type="checkbox"], input[type="radio"]') ? (el.closest('label')?.getBoundingClientRect() ?? r) : r;
    if (box.width < min - 0.5 || box.height < min - 0.5) problems.push(`${name(el)} is ${Math.round(box.width)}×${Math.round(box.height)} px, under ${min}×${min}`);
  }
  return problems;
}

async function settled(canvas: HTMLElement): Promise<void> {
  // A resize reaches ResizeObserver-driven layouts (the grid) a frame later, and their re-render after that.
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await rendered(canvas);
  }
}

/** One test per story of `modules`, each looked at in the four looks. */
export function checkStories(title: string, modules: Record<string, object>): void {
  describe(title, () => {
    after(async () => {
      await emulateMedia({ colorScheme: 'light' });
      await setViewport({ width: 800, height: 600 });
    });

    for (const [file, mod] of Object.entries(modules)) {
      const composed = composeStories(mod as CsfModule, annotations) as unknown as Record<string, RunnableStory>;
      for (const [storyName, story] of Object.entries(composed)) {
        it(`${file} / ${storyName}: accessible, no overflow or overlap, targets big enough, light and dark, 375 and 1280 px`, async () => {
          await setViewport({ width: LOOKS[0].width, height: 800 });
          await emulateMedia({ colorScheme: LOOKS[0].scheme });
          const canvas = document.createElement('div');
          document.body.append(canvas);
          try {
            await story.run({ canvasElement: canvas });
            // Stories without a play function are checked once their sessions are up and every element rendered.
            const sessions = [...canvas.querySelectorAll('call-session')];
            expect(sessions).to.not.be.empty;
            for (const session of sessions) {
              const controller = await session.whenReady();
              if (controller.snapshot.connection === 'connecting') await until(controller, (s) => s.connection !== 'connecting', 'a settled connection');
            }
            const failures: string[] = [];
            for (const look of LOOKS) {
              await setViewport({ width: look.width, height: 800 });
              await emulateMedia({ colorScheme: look.scheme });
              await settled(canvas);
              const at = `${look.width} px ${look.scheme}`;
              for (const problem of layoutProblems(canvas, look.width)) failures.push(`${at}: ${problem}`);
              try {
                await expect(canvas).to.be.accessible();
              } catch (error) {
                failures.push(`${at}: ${(error as Error).message}`);
              }
            }
            expect(failures).to.deep.equal([]);
          } finally {
            canvas.remove();
          }
        });
      }
    }
  });
}

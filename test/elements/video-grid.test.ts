import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CallController } from '../../src/core/controller.js';
import type { MediaView } from '../../src/core/media.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import { tileRenders, type VideoGrid } from '../../src/elements/video-grid/video-grid.js';
import '../../src/elements/video-grid/define.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { updateParticipant } from '../../src/core/patch.js';
import { setIcons } from '../../src/elements/icons.js';
import { CallElement } from '../../src/elements/call-element.js';
import { settle, until } from '../harness/recording-provider.js';

const QUIET = { speaking: false };

interface Setup {
  root: HTMLElement;
  grid: VideoGrid;
  controller: CallController;
  provider: SimulatedProvider;
  callId: string;
  /** Every view the grid asked for, in order. */
  views: MediaView[];
}

async function setup(participants: number, attrs = '', width = 960, height = 540, scenario = 'group'): Promise<Setup> {
  const root = await fixture<HTMLElement>(html`<div style="width:${width}px;height:${height}px"></div>`);
  const session: CallSession = document.createElement('call-session');
  session.setAttribute('provider', 'simulated');
  session.setAttribute('scenario', scenario);
  session.setAttribute('participants', String(participants));
  session.providerOptions = QUIET;
  root.append(session);
  const controller = await session.whenReady();
  await until(() => controller.snapshot.calls.length > 0, 'the call');
  const views: MediaView[] = [];
  const create = controller.createView.bind(controller);
  controller.createView = (stream, options) => {
    const view = create(stream, options);
    views.push(view);
    return view;
  };
  // The attributes are test-controlled constants.
  session.append(document.createRange().createContextualFragment(`<video-grid style="height:100%" ${attrs}></video-grid>`));
  const grid = session.querySelector('video-grid')!;
  await grid.updateComplete;
  return { root, grid, controller, provider: controller.provider as SimulatedProvider, callId: controller.snapshot.calls[0]!.id, views };
}

const tiles = (grid: VideoGrid) => [...grid.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tile"]')];
const tile = (grid: VideoGrid, id: string) => grid.shadowRoot!.querySelector<HTMLElement>(`[data-tile="${id}"]`);
const videoOf = (grid: VideoGrid, id: string) => tile(grid, id)?.querySelector('video') ?? null;
const frames = async (n = 2) => {
  for (let f = 0; f < n; f++) await new Promise((r) => requestAnimationFrame(r));
};
const area = (r: DOMRect) => Math.max(0, r.width) * Math.max(0, r.height);
const overlap = (a: DOMRect, b: DOMRect) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
const names = (grid: VideoGrid) => tiles(grid).map((t) => t.querySelector('.label')!.textContent.trim());

async function flush(grid: VideoGrid): Promise<void> {
  await settle();
  await grid.updateComplete;
}

describe('<video-grid>', () => {
  it('shows a tile per stream with name, video and a mirrored local camera, accessibly', async () => {
    const { grid } = await setup(3);
    expect(names(grid)).to.deep.equal(['Alex Morgan', 'Jordan Lee', 'Sam Rivera', 'You']);
    for (const id of ['p1-camera', 'p2-camera', 'p3-camera', 'self-camera']) {
      const video = videoOf(grid, id)!;
      expect(video, id).to.exist;
      expect(video.srcObject, id).to.be.instanceOf(MediaStream);
    }
    expect(tile(grid, 'self-camera')!.getAttribute('part')).to.contain('local');
    expect(videoOf(grid, 'self-camera')!.style.transform).to.equal('scaleX(-1)');
    expect(videoOf(grid, 'p1-camera')!.style.transform).to.equal('');
    await expect(grid).to.be.accessible();
  });

  it('never recreates a staying tile’s <video> on joins, leaves and speaking changes', async () => {
    const { grid, provider, callId, views } = await setup(4);
    const before = new Map(['p1-camera', 'p2-camera', 'p3-camera', 'self-camera'].map((id) => [id, videoOf(grid, id)]));
    const created = views.length;
    const renders = grid[tileRenders];
    provider.setSpeaking(callId, 'p2', true);
    await flush(grid);
    expect(tile(grid, 'p2-camera')!.getAttribute('part')).to.contain('speaking');
    expect(grid[tileRenders] - renders, 'tiles re-rendered by one speaking change').to.equal(1);
    const joined = provider.simulateJoin(callId, 'Zoe Quinn');
    await flush(grid);
    expect(videoOf(grid, `${joined}-camera`)).to.exist;
    provider.simulateLeave(callId, 'p4');
    await flush(grid);
    expect(tile(grid, 'p4-camera')).to.equal(null);
    for (const [id, video] of before) expect(videoOf(grid, id), id).to.equal(video);
    expect(views.length, 'only the joiner got a new view').to.equal(created + 1);
    const left = views.find((v) => v.stream.id === 'p4-camera')!;
    expect(left.disposed).to.equal(true);
    expect(left.element.querySelector('video')!.srcObject).to.equal(null);
  });

  it('changes scaling through MediaView.update, not a new view', async () => {
    const { grid, views } = await setup(2);
    const count = views.length;
    const updates: unknown[] = [];
    for (const view of views) {
      const update = view.update.bind(view);
      view.update = (options) => {
        updates.push(options);
        update(options);
      };
    }
    const video = videoOf(grid, 'p1-camera')!;
    expect(video.style.objectFit).to.equal('cover');
    grid.scaling = 'fit';
    await flush(grid);
    expect(views.length).to.equal(count);
    expect(updates.length).to.equal(count);
    expect(videoOf(grid, 'p1-camera')).to.equal(video);
    expect(video.style.objectFit).to.equal('contain');
  });

  it('shows initials and releases the view while a camera is off', async () => {
    const { grid, provider, callId, views } = await setup(2);
    const first = views.find((v) => v.stream.id === 'p1-camera')!;
    provider.setParticipantVideo(callId, 'p1', false);
    await flush(grid);
    expect(first.disposed).to.equal(true);
    expect(first.element.querySelector('video')!.srcObject).to.equal(null);
    const off = tile(grid, 'p1-camera')!;
    expect(off.querySelector('video')).to.equal(null);
    expect(off.getAttribute('part')).to.contain('no-video');
    expect(off.querySelector('[part="placeholder"]')!.textContent.trim()).to.equal('AM');
    await expect(grid).to.be.accessible();
    provider.setParticipantVideo(callId, 'p1', true);
    await flush(grid);
    expect(videoOf(grid, 'p1-camera')!.srcObject).to.be.instanceOf(MediaStream);
  });

  it('pages with max-tiles: off-page views are released, the pinned stage tile survives page flips', async () => {
    const { grid, views } = await setup(8, 'max-tiles="4"');
    expect(tiles(grid)).to.have.length(4);
    const page = grid.shadowRoot!.querySelector('[part="page"]')!;
    expect(page.textContent).to.equal('Page 1 of 3');
    const next = grid.shadowRoot!.querySelector<HTMLButtonElement>('[part="next"]')!;
    const previous = grid.shadowRoot!.querySelector<HTMLButtonElement>('[part="previous"]')!;
    expect(next.getAttribute('aria-label')).to.equal('Next page');
    expect(previous.getAttribute('aria-label')).to.equal('Previous page');
    expect(previous.disabled).to.equal(true);
    // Pin the first tile by keyboard: it takes the stage and stays there while the pages turn.
    tile(grid, 'p1-camera')!.querySelector<HTMLButtonElement>('[part="pin"]')!.focus();
    // A page that cancels the event keeps the pin as it was.
    const veto = (e: Event) => e.preventDefault();
    grid.addEventListener('call-pin-change', veto, { once: true });
    await sendKeys({ press: 'Enter' });
    await grid.updateComplete;
    expect(grid.pinned, 'a cancelled pin changes nothing').to.equal(null);
    expect(tile(grid, 'p1-camera')!.getAttribute('part')).not.to.contain('stage');
    const pinned = new Promise<CustomEvent>((resolve) => grid.addEventListener('call-pin-change', resolve, { once: true }));
    await sendKeys({ press: 'Enter' });
    expect((await pinned).detail).to.deep.equal({ tileId: 'p1-camera' });
    await grid.updateComplete;
    expect(tile(grid, 'p1-camera')!.getAttribute('part')).to.contain('stage');
    const staged = videoOf(grid, 'p1-camera');
    const onFirstPage = views.filter((v) => !v.disposed && v.stream.id !== 'p1-camera');
    next.click();
    await grid.updateComplete;
    expect(page.textContent, 'the stage is not paged').to.equal('Page 2 of 2');
    expect(onFirstPage.every((v) => v.disposed && v.element.querySelector('video')!.srcObject === null)).to.equal(true);
    previous.click();
    await grid.updateComplete;
    expect(videoOf(grid, 'p1-camera')).to.equal(staged);
    const live = views.filter((v) => !v.disposed).length;
    expect(live, 'a view only per visible tile').to.equal(tiles(grid).filter((t) => t.querySelector('video')).length);
    await expect(grid).to.be.accessible();
  });

  it('puts the dominant speaker on the stage in the speaker layout, and a screen share on the stage in any layout', async () => {
    const { grid, provider, callId, controller } = await setup(4, 'layout="speaker"');
    controller.sink.update((s) => ({ ...s, calls: s.calls.map((c) => ({ ...c, dominantSpeakerId: 'p3' })) }));
    await flush(grid);
    expect(tiles(grid)[0]!.dataset.tile).to.equal('p3-camera');
    expect(tiles(grid)[0]!.getAttribute('part')).to.contain('stage');
    const staged = videoOf(grid, 'p3-camera');
    grid.layout = 'grid';
    provider.setParticipantScreen(callId, 'p2', true);
    await flush(grid);
    expect(tiles(grid)[0]!.dataset.tile).to.equal('p2-screen');
    expect(names(grid)[0]).to.equal('Jordan Lee’s screen');
    expect(videoOf(grid, 'p2-screen')!.style.objectFit, 'screens are fitted').to.equal('contain');
    expect(videoOf(grid, 'p3-camera')).to.equal(staged);
    await expect(grid).to.be.accessible();
  });

  it('lays out sensibly at 320, 768 and 1440 px', async () => {
    const sizes: Record<number, { cols: number; width: number }> = {};
    for (const [width, height] of [
      [320, 568],
      [768, 432],
      [1440, 810],
    ] as const) {
      const { grid } = await setup(5, '', width, height);
      await until(() => tiles(grid).length === 6 && tiles(grid)[0]!.getBoundingClientRect().width > 0, 'layout');
      // ResizeObserver reports after the frame's animation callbacks: two frames, then the re-render.
      for (let f = 0; f < 2; f++) await new Promise((r) => requestAnimationFrame(r));
      await grid.updateComplete;
      const box = grid.getBoundingClientRect();
      const rects = tiles(grid).map((t) => t.getBoundingClientRect());
      for (const r of rects) {
        expect(r.width, `${width}: equal tiles`).to.be.closeTo(rects[0]!.width, 1);
        expect(r.height, `${width}: equal tiles`).to.be.closeTo(rects[0]!.height, 1);
        expect(r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1, `${width}: inside`).to.equal(true);
      }
      const aspect = rects[0]!.width / rects[0]!.height;
      expect(aspect, `${width}: no sliver tiles`).to.be.within(0.6, 3.2);
      sizes[width] = { cols: new Set(rects.map((r) => Math.round(r.left))).size, width: rects[0]!.width };
    }
    expect(sizes[320]!.cols, 'a phone stacks').to.be.at.most(2);
    expect(sizes[1440]!.cols).to.be.at.least(3);
    expect(sizes[1440]!.width).to.be.greaterThan(sizes[768]!.width);
    expect(sizes[768]!.width).to.be.greaterThan(sizes[320]!.width * 0.9);
  });

  it('fills its box whatever display the page gives the host (block, grid item, no height at all)', async () => {
    const style = document.createElement('style');
    document.head.append(style);
    try {
      for (const [css, expectedHeight] of [
        ['video-grid { display: block; height: 300px !important; }', 300],
        ['video-grid { display: grid; height: 240px !important; }', 240],
        ['video-grid { display: block; height: auto !important; }', 960 * (9 / 16)], // the 16:9 default box
      ] as const) {
        style.textContent = css;
        const { grid } = await setup(3, '', 960, 900);
        await until(() => tiles(grid).length === 4 && tiles(grid)[0]!.getBoundingClientRect().height > 0, `tiles with height under "${css}"`);
        for (let f = 0; f < 2; f++) await new Promise((r) => requestAnimationFrame(r));
        await grid.updateComplete;
        const host = grid.getBoundingClientRect();
        expect(host.height, css).to.be.closeTo(expectedHeight, 2);
        const rects = tiles(grid).map((t) => t.getBoundingClientRect());
        const bottom = Math.max(...rects.map((r) => r.bottom));
        const top = Math.min(...rects.map((r) => r.top));
        expect(bottom - top, `${css}: the tiles use the height`).to.be.greaterThan(host.height * 0.8);
        expect(bottom, `${css}: inside`).to.be.at.most(host.bottom + 1);
      }
    } finally {
      style.remove();
    }
  });

  it('mounted and removed 100 times with 9 participants, leaves no view, no live <video> and no nodes behind', async function () {
    this.timeout(60_000); // 1,000 tiles mounted and removed: slow on a loaded 2-core machine
    const { grid, controller, provider, views } = await setup(9);
    const host = grid.parentElement!;
    grid.remove();
    await settle();
    const count = () => document.getElementsByTagName('*').length;
    const start = count();
    expect(controller.viewCount).to.equal(0);
    const mount = async () => {
      const g = document.createElement('video-grid');
      host.append(g);
      await g.updateComplete;
      return g;
    };
    const first = await mount();
    expect(first.shadowRoot!.querySelectorAll('video').length).to.equal(10);
    expect(controller.viewCount, 'a view per video while mounted').to.equal(10);
    first.remove();
    for (let i = 1; i < 100; i++) (await mount()).remove();
    await settle();
    expect(views.length).to.be.at.least(1000);
    expect(views.every((v) => v.disposed)).to.equal(true);
    expect(views.every((v) => v.element.querySelector('video')!.srcObject === null)).to.equal(true);
    expect(controller.viewCount).to.equal(0);
    expect(provider.video.size, 'synthetic streams released').to.equal(0);
    expect(count()).to.equal(start);
  });

  it('renders display names as text', async () => {
    const { grid, provider, callId } = await setup(1);
    provider.simulateJoin(callId, '<img src=x onerror=alert(1)>');
    await flush(grid);
    expect(names(grid)).to.include('<img src=x onerror=alert(1)>');
    expect(grid.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('on a 375 px phone: tiles at least 140 px wide, the rest paged, overlays a small part of each tile', async () => {
    // No height from the page: the narrow grid is taller than wide (3:4) instead of a 16:9 sliver.
    const root = await fixture<HTMLElement>(html`<div style="width:375px"></div>`);
    const session: CallSession = document.createElement('call-session');
    session.setAttribute('provider', 'simulated');
    session.setAttribute('scenario', 'group');
    session.setAttribute('participants', '9');
    session.providerOptions = QUIET;
    root.append(session);
    const controller = await session.whenReady();
    await until(() => controller.snapshot.calls.length > 0, 'the call');
    const grid = document.createElement('video-grid');
    session.append(grid);
    await until(() => tiles(grid).length > 0 && grid.shadowRoot!.querySelector('[part="pager"]') !== null, 'a paged grid');
    await frames();
    await grid.updateComplete;
    const host = grid.getBoundingClientRect();
    expect(host.height, 'taller than wide when narrow').to.be.greaterThan(host.width);
    const shown = tiles(grid);
    expect(shown.length, 'some tiles, not all ten').to.be.within(2, 9);
    for (const t of shown) {
      const r = t.getBoundingClientRect();
      expect(r.width, 'tile width').to.be.at.least(140);
      expect(r.height, 'tile height').to.be.at.least(100);
      const pin = t.querySelector('[part="pin"]')!.getBoundingClientRect();
      expect(pin.width).to.be.at.least(24);
      expect(pin.height).to.be.at.least(24);
      const name = t.querySelector('[part="name"]')!.getBoundingClientRect();
      expect(area(pin) + area(name), 'overlays cover a small part').to.be.below(area(r) * 0.35);
      expect(overlap(pin, name), 'name and pin apart').to.equal(0);
    }
    const page = grid.shadowRoot!.querySelector('[part="page"]')!.textContent;
    expect(page).to.match(/^Page 1 of [2-5]$/);
    await expect(grid).to.be.accessible();
  });

  it('shows muted, held and speaking as badges with icons, and names muted and held after the person', async () => {
    const { grid, controller, provider, callId } = await setup(3);
    provider.setParticipantMuted(callId, 'p1', true);
    controller.sink.update((s) => updateParticipant(s, callId, 'p2', { held: true }));
    provider.setSpeaking(callId, 'p3', true);
    await flush(grid);
    const badges = (id: string) =>
      [...tile(grid, id)!.querySelectorAll('[part~="badge"]')].filter((b) => b.checkVisibility({ visibilityProperty: true })).map((b) => b.getAttribute('part'));
    expect(badges('p1-camera')).to.deep.equal(['badge muted-badge']);
    expect(badges('p2-camera')).to.deep.equal(['badge held-badge']);
    expect(badges('p3-camera')).to.deep.equal(['badge speaking-badge']);
    for (const id of ['p1-camera', 'p2-camera', 'p3-camera']) {
      const badge = [...tile(grid, id)!.querySelectorAll('[part~="badge"]')].find((b) => b.checkVisibility({ visibilityProperty: true }))!;
      expect(badge.querySelector('svg[aria-hidden="true"]'), id).to.exist;
      expect(badge.getBoundingClientRect().width, `${id}: the badge is seen`).to.be.greaterThan(8);
    }
    const name = (id: string) => tile(grid, id)!.querySelector('[part="name"]')!.textContent.replace(/\s+/g, ' ').trim();
    expect(name('p1-camera')).to.equal('Alex Morgan, Muted');
    expect(name('p2-camera')).to.equal('Jordan Lee, On hold');
    expect(name('p3-camera'), 'speaking is shown, not named (it changes every second)').to.equal('Sam Rivera');
    provider.setSpeaking(callId, 'p3', false);
    await flush(grid);
    expect(badges('p3-camera')).to.deep.equal([]);
    await expect(grid).to.be.accessible();
  });

  it('puts a page’s slot="tile-<id>" content over that tile, and its slot="empty" content while there is no one', async () => {
    const { grid, provider, callId } = await setup(2);
    const badge = document.createElement('span');
    badge.slot = 'tile-p2-camera';
    badge.textContent = 'Guest';
    grid.append(badge);
    await frames();
    const slot = tile(grid, 'p2-camera')!.querySelector('slot')!;
    expect(slot.assignedElements()).to.deep.equal([badge]);
    const b = badge.getBoundingClientRect();
    const t = tile(grid, 'p2-camera')!.getBoundingClientRect();
    expect(b.width).to.be.greaterThan(0);
    expect(b.left >= t.left && b.right <= t.right && b.top >= t.top && b.bottom <= t.bottom, 'inside the tile').to.equal(true);
    expect(tile(grid, 'p2-camera')!.querySelector('[part="pin"]')!.getBoundingClientRect().width, 'the pin stays').to.be.greaterThan(0);

    const empty = document.createElement('p');
    empty.slot = 'empty';
    empty.textContent = 'Waiting for the call';
    grid.append(empty);
    expect(empty.getBoundingClientRect().width, 'hidden while there are tiles').to.equal(0);
    await provider.hangUp(callId);
    await until(() => tiles(grid).length === 0, 'no tiles');
    await frames();
    expect(empty.getBoundingClientRect().width, 'the page’s empty state shows').to.be.greaterThan(0);
    empty.remove();
    await frames();
    expect(grid.shadowRoot!.querySelector('[part="empty"]')!.textContent.trim()).to.equal('Video shows here during a call');
  });

  it('draws a page’s replacement icon on the tiles', async () => {
    const { grid } = await setup(1);
    const d = 'M4 4h16v16H4z';
    setIcons({ pin: { d } });
    try {
      await grid.updateComplete;
      const drawn = [...grid.shadowRoot!.querySelectorAll('[part="pin"] path')].map((p) => p.getAttribute('d'));
      expect(drawn.length).to.be.greaterThan(0);
      expect(drawn.every((x) => x === d)).to.equal(true);
    } finally {
      setIcons({ pin: undefined });
    }
  });

  it('shows nothing for a call-control platform', async () => {
    const { grid } = await setup(1, '', 640, 360, 'call-control');
    expect(tiles(grid)).to.have.length(0);
  });
});

// Compile-time only (tsc checks test/): `emit` takes a declared `call-*` name and that event's detail type.
export class EmitTypeProbe extends CallElement {
  probe(): void {
    this.emit('call-pin-change', { tileId: null });
    // @ts-expect-error not a declared event name
    this.emit('call-pin-chnage', { tileId: null });
    // @ts-expect-error the detail does not match call-pin-change's
    this.emit('call-pin-change', { tileId: 3 });
  }
}

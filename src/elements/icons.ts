/**
 * The elements' icons: decorative (`aria-hidden`), drawn in `currentColor`, one 24×24 stroke path each.
 * A page replaces any of them with `setIcons`; connected elements re-render.
 *
 * The default shapes are Lucide's (https://lucide.dev), ISC licence, © Lucide Icons and Contributors
 * (some derived from Feather, MIT, © 2013-present Cole Bemis), rounded to one decimal; the handset is
 * Tabler Icons' (https://tabler.io/icons, MIT, © 2020-present Paweł Kuna); the camera, hold,
 * pin, backspace and end-for-everyone shapes, the handset's transfer arrow and the crossed-out variants (a shape plus one slash) are
 * drawn here with fewer points, for weight. Circles, rects and lines are written as path segments so each
 * icon is one `d` string.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { refreshElements } from '../i18n/localize.js';

/**
 * An icon: SVG path data, never markup, so nothing passed here can add elements, scripts or styles.
 * Several shapes go in one `d` as subpaths (`M…z M…`).
 */
export interface IconDefinition {
  /** The path data (the `d` attribute). */
  readonly d: string;
  /** The coordinate box; `'0 0 24 24'` when unset. */
  readonly viewBox?: string;
  /** Fill the path (icon sets such as Material Symbols) instead of stroking it 2 units wide (Lucide, Feather). */
  readonly filled?: boolean;
}

const PHONE = 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5l1.5-2.5 5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2';
const MIC = 'M12 19v3M19 10v2a7 7 0 0 1-14 0v-2M9 5a3 3 0 0 1 6 0v7a3 3 0 0 1-6 0z';
const SLASH = 'M2 2l20 20';
const MIC_OFF = MIC + SLASH;
const VIDEO = 'M2 8a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2zm14 2 6-4v12l-6-4';
const PAUSE = 'M6 4h4v16H6zm8 0h4v16h-4z';
const RECORD = 'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0';
const PHONE_OFF = PHONE + SLASH;

const shapes = {
  /** The microphone is on (the "Mute" toggle, not pressed). */
  mic: MIC,
  /** The microphone is off (the "Mute" toggle, pressed; a participant's "Mute"). */
  'mic-off': MIC_OFF,
  /** The camera is on (the "Camera" toggle, pressed). */
  camera: VIDEO,
  /** The camera is off (the "Camera" toggle, not pressed). */
  'camera-off': VIDEO + SLASH,
  /** "Share screen". */
  'screen-share': 'M13 3H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-3M8 21h8M12 17v4m5-13 5-5M17 3h5v5',
  /** "Hold", for the call and for a participant. */
  hold: PAUSE,
  /** "Record", for the call and for a participant. */
  record: RECORD,
  /** "Pause recording", and the "Recording paused" badge. */
  'pause-recording': 'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0M10 15V9m4 6V9',
  /** "Transfer" (a handset with an arrow away). */
  transfer: PHONE + 'M14 6h8m-4-4 4 4-4 4',
  /** "Merge calls". */
  merge: 'm8 6 4-4 4 4M12 2v10.3a4 4 0 0 1-1.2 2.8L4 22m16 0-5-5',
  /** "Hang up". */
  'hang-up': PHONE_OFF,
  /** "End for everyone". */
  'end-for-everyone': 'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0m13-3-6 6m0-6 6 6',
  /** "Pin" on a video tile. */
  pin: 'M12 17v5M8 2h8M9 2v8l-3 4v3h12v-3l-3-4V2',
  /** The dialer's "Delete last digit". */
  backspace: 'M9 5h11a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-7-7zm3 4 6 6m0-6-6 6',
  /** The dialer's "Call". */
  call: PHONE,
  /** The dialer's "Video" (call with video). */
  'video-call': VIDEO,
  /** "Accept" an incoming call. */
  accept: PHONE,
  /** "Accept with video". */
  'accept-video': VIDEO,
  /** "Decline" an incoming call. */
  decline: PHONE_OFF,
  /** A participant's "Remove". */
  remove: 'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M5 7a4 4 0 1 0 8 0a4 4 0 1 0-8 0m12 1 5 5m0-5-5 5',
  /** Badge: muted microphone (a tile, the participant list). */
  muted: MIC_OFF,
  /** Badge: on hold. */
  held: PAUSE,
  /** Badge: recording. */
  recording: RECORD,
  /** Badge: speaking. */
  speaking: 'M2 10v3M6 6v11M10 3v18M14 8v7M18 5v13M22 10v3',
  /** "Dismiss", "Close". */
  close: 'M18 6 6 18M6 6l12 12',
  /** "Previous page". */
  previous: 'm15 18-6-6 6-6',
  /** "Next page". */
  next: 'm9 18 6-6-6-6',
  /** An action in progress (drawn turning by the elements' styles where motion is welcome). */
  busy: 'M21 12a9 9 0 1 1-6.2-8.6',
} as const;

/** The name of every icon the elements draw. */
export type IconName = keyof typeof shapes;

const icons = new Map<string, IconDefinition | null>();

/**
 * Replaces icons, by name, for every element on the page; connected elements re-render. `null` draws no
 * icon (the text alone stays), `undefined` restores the default. Works from the CDN build without Lit:
 *
 * ```js
 * import { setIcons } from 'call-elements';
 * setIcons({ mic: { d: 'M12 2a3 3 0 0 0-3 3v7a3 3 0 0 0 6 0V5a3 3 0 0 0-3-3z' }, record: null });
 * ```
 */
export function setIcons(replacements: Partial<Record<IconName, IconDefinition | null>>): void {
  for (const [name, definition] of Object.entries(replacements)) {
    // A copy of the fields we draw: a later change to the page's object changes nothing here.
    if (definition === undefined) icons.delete(name);
    else icons.set(name, definition && { d: String(definition.d), viewBox: definition.viewBox, filled: definition.filled });
  }
  refreshElements();
}

/** The decorative `<svg part="icon">` for `name`, for use inside an element's template. */
export function icon(name: IconName): TemplateResult | typeof nothing {
  const definition = icons.has(name) ? icons.get(name) : { d: shapes[name] };
  if (!definition) return nothing;
  const filled = definition.filled === true;
  return html`<svg
    part="icon"
    data-icon=${name}
    aria-hidden="true"
    width="20"
    height="20"
    viewBox=${definition.viewBox ?? '0 0 24 24'}
    fill=${filled ? 'currentColor' : 'none'}
    stroke=${filled ? 'none' : 'currentColor'}
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
  >
    <path d=${definition.d}></path>
  </svg>`;
}

/**
 * For the elements that draw icons: buttons lay out icon and text in a row, and the `busy` icon turns
 * (still where the user asks for less motion).
 */
export const iconStyles = css`
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) * 0.75);
  }
  svg {
    flex: none;
  }
  [data-icon='busy'] {
    animation: call-icon-turn 1s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    [data-icon='busy'] {
      animation: none;
    }
  }
  @keyframes call-icon-turn {
    to {
      transform: rotate(1turn);
    }
  }
`;

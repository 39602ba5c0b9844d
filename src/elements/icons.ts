/**
 * The elements' icons: decorative (`aria-hidden`), drawn in `currentColor`, one 24×24 stroke path each.
 * A page replaces any of them with `setIcons`; connected elements re-render.
 *
 * The default shapes are Lucide's (https://lucide.dev), ISC licence, © Lucide Icons and Contributors
 * (some derived from Feather, MIT, © 2013-present Cole Bemis). Circles, rects and lines are rewritten as
 * path segments so each icon is one `d` string.
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

const PHONE =
  'M13.832 16.568a1 1 0 0 0 1.213-.303l.355-.465A2 2 0 0 1 17 15h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2A18 18 0 0 1 2 4a2 2 0 0 1 2-2h3a2 2 0 0 1 2 2v3a2 2 0 0 1-.8 1.6l-.468.351a1 1 0 0 0-.292 1.233 14 14 0 0 0 6.392 6.384';
const MIC = 'M12 19v3M19 10v2a7 7 0 0 1-14 0v-2M9 5a3 3 0 0 1 6 0v7a3 3 0 0 1-6 0z';
const MIC_OFF =
  'M12 19v3M15 9.34V5a3 3 0 0 0-5.68-1.33M16.95 16.95A7 7 0 0 1 5 12v-2M18.89 13.23A7 7 0 0 0 19 12v-2M2 2l20 20M9 9v3a3 3 0 0 0 5.12 2.12';
const VIDEO = 'm16 13 5.223 3.482a.5.5 0 0 0 .777-.416V7.87a.5.5 0 0 0-.752-.432L16 10.5M4 6h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z';
const PAUSE = 'M15 3h3a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1h-3a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM6 3h3a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z';
const RECORD = 'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0';
const PHONE_OFF =
  'M10.1 13.9a14 14 0 0 0 3.732 2.668 1 1 0 0 0 1.213-.303l.355-.465A2 2 0 0 1 17 15h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2 18 18 0 0 1-12.728-5.272M22 2 2 22M4.76 13.582A18 18 0 0 1 2 4a2 2 0 0 1 2-2h3a2 2 0 0 1 2 2v3a2 2 0 0 1-.8 1.6l-.468.351a1 1 0 0 0-.292 1.233 14 14 0 0 0 .244.473';

const shapes = {
  /** The microphone is on (the "Mute" toggle, not pressed). */
  mic: MIC,
  /** The microphone is off (the "Mute" toggle, pressed; a participant's "Mute"). */
  'mic-off': MIC_OFF,
  /** The camera is on (the "Camera" toggle, pressed). */
  camera: VIDEO,
  /** The camera is off (the "Camera" toggle, not pressed). */
  'camera-off':
    'M10.66 6H14a2 2 0 0 1 2 2v2.5l5.248-3.062A.5.5 0 0 1 22 7.87v8.196M16 16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h2M2 2l20 20',
  /** "Share screen". */
  'screen-share': 'M13 3H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-3M8 21h8M12 17v4m5-13 5-5M17 3h5v5',
  /** "Hold", for the call and for a participant. */
  hold: PAUSE,
  /** "Record", for the call and for a participant. */
  record: RECORD,
  /** "Hang up". */
  'hang-up': PHONE_OFF,
  /** "End for everyone". */
  'end-for-everyone':
    'm15 9-6 6M2.586 16.726A2 2 0 0 1 2 15.312V8.688a2 2 0 0 1 .586-1.414l4.688-4.688A2 2 0 0 1 8.688 2h6.624a2 2 0 0 1 1.414.586l4.688 4.688A2 2 0 0 1 22 8.688v6.624a2 2 0 0 1-.586 1.414l-4.688 4.688a2 2 0 0 1-1.414.586H8.688a2 2 0 0 1-1.414-.586zM9 9l6 6',
  /** "Pin" on a video tile. */
  pin: 'M12 17v5M9 10.76a2 2 0 0 1-1.11 1.79l-1.78.9A2 2 0 0 0 5 15.24V16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-.76a2 2 0 0 0-1.11-1.79l-1.78-.9A2 2 0 0 1 15 10.76V7a1 1 0 0 1 1-1 2 2 0 0 0 0-4H8a2 2 0 0 0 0 4 1 1 0 0 1 1 1z',
  /** The dialer's "Delete last digit". */
  backspace: 'M10 5a2 2 0 0 0-1.344.519l-6.328 5.74a1 1 0 0 0 0 1.481l6.328 5.741A2 2 0 0 0 10 19h10a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm2 4 6 6m0-6-6 6',
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
  /** "Add participant". */
  'add-participant': 'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M5 7a4 4 0 1 0 8 0a4 4 0 1 0-8 0m14 1v6m3-3h-6',
  /** A participant's "Whisper". */
  whisper: 'M22 17a2 2 0 0 1-2 2H6.828a2 2 0 0 0-1.414.586l-2.202 2.202A.71.71 0 0 1 2 21.286V5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2zM7 11h10M7 15h6M7 7h8',
  /** A participant's "Pause listen stream". */
  listen: 'M6 8.5a6.5 6.5 0 1 1 13 0c0 6-6 6-6 10a3.5 3.5 0 1 1-7 0M15 8.5a2.5 2.5 0 0 0-5 0v1a2 2 0 1 1 0 4',
  /** Badge: muted microphone (a tile, the participant list). */
  muted: MIC_OFF,
  /** Badge: on hold. */
  held: PAUSE,
  /** Badge: recording. */
  recording: RECORD,
  /** Badge: speaking. */
  speaking: 'M2 10v3M6 6v11M10 3v18M14 8v7M18 5v13M22 10v3',
  /** An incoming call (the call list). */
  incoming: `M16 2v6h6m0-6-6 6${PHONE}`,
  /** An outgoing call (the call list). */
  outgoing: `m16 8 6-6m0 6V2h-6${PHONE}`,
  /** A group call (the status). */
  group: 'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M16 3.128a4 4 0 0 1 0 7.744M22 21v-2a4 4 0 0 0-3-3.87M5 7a4 4 0 1 0 8 0a4 4 0 1 0-8 0',
  /** An error message. */
  error: 'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0M12 8v4m0 4h.01',
  /** "Dismiss", "Close". */
  close: 'M18 6 6 18M6 6l12 12',
  /** "Previous page". */
  previous: 'm15 18-6-6 6-6',
  /** "Next page". */
  next: 'm9 18 6-6-6-6',
  /** An action in progress (drawn turning by the elements' styles where motion is welcome). */
  busy: 'M21 12a9 9 0 1 1-6.219-8.56',
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
    focusable="false"
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

/** Turns the `busy` icon, for the elements that show it (still where the user asks for less motion). */
export const busyIconStyles = css`
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

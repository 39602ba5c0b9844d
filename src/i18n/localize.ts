/**
 * One localization table for every element. The locale follows the nearest `lang` (the session's, then
 * the document's); a page can override any string with `setTranslations`.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { en, type StringKey, type StringTable } from './en.js';

export type { StringKey, StringTable };

/** Strings counted with a number: one key per plural category, `…-one` and `…-other` at least. */
export type PluralKey = 'status.people';
/** A plural form a language may add beyond English's `one` and `other` (`status.people-few`, …). */
export type PluralFormKey = `${PluralKey}-${Intl.LDMLPluralRule}`;

const tables = new Map<string, Partial<Record<string, string>>>([['en', en]]);
/** English strings of the parts that load on first use (en-on-demand.ts), added as they load; below a page's own. */
const lateEnglish: Partial<Record<string, string>> = {};

/** Adds English defaults for a part that has just loaded (a page's `setTranslations('en', …)` still wins). */
export function addEnglish(strings: Readonly<Record<string, string>>): void {
  Object.assign(lateEnglish, strings);
}

/** Shipped tables other than English load on first use, as their own chunks. */
const shipped: Record<string, () => Promise<StringTable>> = {
  es: () => import('./es.js').then((m) => m.es),
  de: () => import('./de.js').then((m) => m.de),
};
const loading = new Map<string, Promise<void>>();

/** Loads a shipped language's table (a no-op for English, unknown or loaded ones). */
export function loadLanguage(lang: string): Promise<void> {
  const base = lang.toLowerCase().split('-')[0] ?? 'en';
  const load = shipped[base];
  if (!load) return Promise.resolve();
  let promise = loading.get(base);
  if (!promise) {
    promise = load().then(
      (table) => {
        // A page's overrides, set before the table arrived, win over the shipped strings.
        tables.set(base, { ...table, ...tables.get(base) });
        refreshElements();
      },
      () => {
        loading.delete(base); // offline for a moment: English meanwhile, try again next time
      },
    );
    loading.set(base, promise);
  }
  return promise;
}

const hosts = new Set<LocalizeController>();
let observer: MutationObserver | null = null;

/** Add or override strings for a language (`'en'`, `'es-MX'`, …). Connected elements re-render. */
export function setTranslations(lang: string, strings: Partial<Record<StringKey | PluralFormKey, string>>): void {
  const key = lang.toLowerCase();
  tables.set(key, { ...tables.get(key), ...strings });
  refreshElements();
}

/** Re-renders every connected element (after strings or icons changed). */
export function refreshElements(): void {
  for (const host of hosts) host.refresh();
}

/** Languages with a table (shipped or added by the page). */
export function availableLanguages(): string[] {
  return [...new Set([...tables.keys(), ...Object.keys(shipped)])];
}

/** Looks `key` up for `lang` (`es-MX` → `es-mx`, then `es`, then English) and fills `{param}`s. */
export function translate(lang: string, key: StringKey, params?: Readonly<Record<string, string | number>>): string {
  return lookUp(lang, [key], params);
}

/**
 * The form of `key` for `count` that the language's plural rules pick (`key-one`, `key-few`, …), else
 * `key-other`; `{count}` filled. A language's own forms win over English's.
 */
export function translatePlural(lang: string, key: PluralKey, count: number): string {
  let category: Intl.LDMLPluralRule = 'other';
  try {
    category = new Intl.PluralRules(lang).select(count);
  } catch {
    // not a valid language tag: the "other" form
  }
  return lookUp(lang, [`${key}-${category}`, `${key}-other`], { count });
}

function lookUp(lang: string, keys: readonly string[], params?: Readonly<Record<string, string | number>>): string {
  const lower = lang.toLowerCase();
  const order = [tables.get(lower), tables.get(lower.split('-')[0]!), tables.get('en'), en as Partial<Record<string, string>>, lateEnglish];
  let found: string | undefined;
  for (const table of order) for (const key of keys) found ??= table?.[key];
  const text = found ?? '';
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** The `lang` in force for an element: the nearest ancestor's, across shadow roots, else the document's. */
export function resolveLang(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang') && node.getAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

function ensureObserver(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    refreshElements();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

export class LocalizeController implements ReactiveController {
  lang = 'en';
  /** Counts refreshes (strings, icons or language changed), for templates cached with `guard`. */
  generation = 0;
  private readonly host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this);
    ensureObserver();
    this.lang = resolveLang(this.host);
    void loadLanguage(this.lang);
  }

  hostDisconnected(): void {
    hosts.delete(this);
  }

  /** Re-read the language; re-render the host if it changed or strings were overridden. */
  refresh(): void {
    this.generation++;
    this.lang = resolveLang(this.host);
    void loadLanguage(this.lang);
    this.host.requestUpdate();
  }

  t(key: StringKey, params?: Readonly<Record<string, string | number>>): string {
    return translate(this.lang, key, params);
  }

  /** `key`'s form for `count` (see `translatePlural`). */
  plural(key: PluralKey, count: number): string {
    return translatePlural(this.lang, key, count);
  }

  /**
   * `key`'s text with `{name}` in a `<bdi>`, so a name written right to left (or left to right in a
   * right-to-left page) keeps its own direction without reordering the words around it.
   */
  withName(key: StringKey, name: string): TemplateResult {
    const [before, after] = this.t(key, { name: '\u{E000}' }).split('\u{E000}');
    return after === undefined ? html`${before}` : html`${before}<bdi>${name}</bdi>${after}`;
  }
}

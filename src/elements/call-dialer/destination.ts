/**
 * Turns what a user typed or pasted into a destination the platform dials: a phone number normalized to
 * E.164 (libphonenumber-js, loaded on first use as its own chunk), a SIP URI, an ACS or Teams id, an email,
 * a queue or a user name, checked against the kinds the platform declares.
 */
import type { DestinationKind } from '../../core/state.js';

export type Classified =
  | { readonly ok: true; readonly kind: DestinationKind; readonly destination: string }
  | { readonly ok: false; readonly reason: 'invalid' | 'invalid-phone' | 'unsupported-kind' };

type PhoneParser = (text: string, country?: string) => string | null;

const PHONE = /^\+?[\d\s().\-/]*\d[\d\s().\-/]*$/;
const ADDRESS = /^[^\s@:]+@[^\s@:]+$/;
// Letters, digits and the punctuation user names use; anything else (a scheme we do not know) is invalid.
const USER = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]*$/u;

/** Without the library (its chunk failed to load), accept only a plain international number. */
const fallbackParser: PhoneParser = (text) => {
  const digits = text.replace(/[\s().\-/]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : null;
};

let parser: Promise<PhoneParser> | undefined;

function loadParser(): Promise<PhoneParser> {
  parser ??= import('libphonenumber-js/min').then(
    ({ default: parse, isSupportedCountry }): PhoneParser =>
      (text, country) => {
        const region = country?.toUpperCase();
        const number = parse(text, region && isSupportedCountry(region) ? region : undefined);
        return number?.isValid() ? number.number : null;
      },
    () => {
      parser = undefined; // try the library again next time
      return fallbackParser;
    },
  );
  return parser;
}

export async function classifyDestination(
  input: string,
  kinds: readonly DestinationKind[],
  defaultCountry?: string,
): Promise<Classified> {
  const text = input.trim();
  // An empty list means the platform has not said yet: let the controller decide.
  const takes = (kind: DestinationKind): boolean => kinds.length === 0 || kinds.includes(kind);
  const accept = (kind: DestinationKind, destination: string): Classified =>
    takes(kind) ? { ok: true, kind, destination } : { ok: false, reason: 'unsupported-kind' };
  const phone = async (number: string): Promise<Classified> => {
    if (!takes('phone')) return { ok: false, reason: 'unsupported-kind' };
    const e164 = (await loadParser())(number, defaultCountry);
    return e164 ? { ok: true, kind: 'phone', destination: e164 } : { ok: false, reason: 'invalid-phone' };
  };
  const lower = text.toLowerCase();

  if (!text || text.length > 256) return { ok: false, reason: 'invalid' };
  if (lower.startsWith('tel:')) return phone(text.slice(4).split(';')[0]!);
  if (/^sips?:\S+$/.test(lower)) return accept('sip', text);
  if (/^8:acs:\S+$/.test(lower)) return accept('acs', text);
  if (/^8:orgid:\S+$/.test(lower)) return accept('teams', text);
  if (/^queue:.+$/.test(lower)) return accept('queue', text.slice(6).trim());
  if (ADDRESS.test(text)) {
    // user@domain is an email, a user (Kandy) or a SIP address, whichever the platform takes first.
    const kind = (['email', 'user', 'sip'] as const).find((k) => kinds.includes(k));
    if (!kind) return kinds.length ? { ok: false, reason: 'unsupported-kind' } : { ok: true, kind: 'user', destination: text };
    return accept(kind, kind === 'sip' ? `sip:${text}` : text);
  }
  if (PHONE.test(text)) {
    // Digits on a platform without phone numbers are an extension or user id there.
    return !takes('phone') && takes('user') ? accept('user', text) : phone(text);
  }
  return USER.test(text) ? accept('user', text) : { ok: false, reason: 'invalid' };
}

/**
 * Reading `providerOptions`: each value checked up front, so a typo shows as an `invalid-argument`
 * CallError when the session connects instead of as a failed request later.
 */
import { CallError } from '../../core/errors.js';

type Raw = Readonly<Record<string, unknown>>;

export interface NumberBounds {
  readonly min?: number;
  readonly integer?: boolean;
  /** Named in the message: "a number of ms". */
  readonly unit?: string;
}

export class OptionReader {
  readonly #raw: Raw;
  readonly #platform: string;

  /** `platform` starts every message, so the page's author knows which provider complained. */
  constructor(raw: Raw, platform: string) {
    this.#raw = raw;
    this.#platform = platform;
  }

  invalid(message: string): CallError {
    return new CallError('invalid-argument', `${this.#platform}: ${message}`, { action: 'connect' });
  }

  has(key: string): boolean {
    const value = this.#raw[key];
    return value !== undefined && value !== null && value !== '';
  }

  /** A trimmed non-empty string, or undefined when absent. */
  text(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.#raw[key];
    if (typeof value !== 'string' || !value.trim()) throw this.invalid(`${key} must be a non-empty string`);
    return value.trim();
  }

  requiredText(key: string, why: string): string {
    const value = this.text(key);
    if (value === undefined) throw this.invalid(why);
    return value;
  }

  /** A number, `fallback` when absent; `min` and `integer` bound it. */
  number(key: string, fallback: number, bounds?: NumberBounds): number;
  number(key: string, fallback: undefined, bounds?: NumberBounds): number | undefined;
  number(key: string, fallback: number | undefined, bounds: NumberBounds = {}): number | undefined {
    if (this.#raw[key] === undefined) return fallback;
    const value = this.#raw[key];
    const unit = bounds.unit ? ` of ${bounds.unit}` : '';
    const ok =
      typeof value === 'number' && Number.isFinite(value) && (!bounds.integer || Number.isInteger(value)) && (bounds.min === undefined || value >= bounds.min);
    if (!ok) {
      const kind = bounds.integer ? 'a whole number' : 'a number';
      throw this.invalid(`${key} must be ${kind}${unit}${bounds.min !== undefined ? `, at least ${bounds.min}` : ''}`);
    }
    return value;
  }

  /** One of `values`, `fallback` when absent. */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const value = this.#raw[key] ?? fallback;
    if (!values.includes(value as T)) throw this.invalid(`${key} must be ${values.map((v) => `"${v}"`).join(' or ')}`);
    return value as T;
  }

  /** A function, or undefined when absent. */
  fn<F extends (...args: never[]) => unknown>(key: string): F | undefined {
    const value = this.#raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'function') throw this.invalid(`${key} must be a function`);
    return value as F;
  }

  /** A plain object, or undefined when absent. */
  object<T extends object>(key: string): T | undefined {
    const value = this.#raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.invalid(`${key} must be an object`);
    return value as T;
  }

  /** A secret: a non-empty string or a function that returns one (called when needed, never stored). */
  token<T extends string | (() => unknown)>(key: string): T | undefined {
    const value = this.#raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'function' || (typeof value === 'string' && value.trim())) return value as T;
    throw this.invalid(`${key} must be a non-empty string or a function returning one`);
  }

  /** An absolute URL with one of `protocols` (e.g. `['https:']`). */
  url(key: string, protocols: readonly string[]): string | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw this.invalid(`${key} must be an absolute URL`);
    }
    if (!protocols.includes(url.protocol)) throw this.invalid(`${key} must be a ${protocols.join(' or ')} URL`);
    return value;
  }
}

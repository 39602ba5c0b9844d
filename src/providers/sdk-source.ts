/**
 * Where a vendor SDK comes from. call-elements never ships the ACS or Kandy SDK: their licences do not let
 * an MIT package redistribute them, so the page brings its own copy, from where it is licensed to get it:
 *
 * - `providerOptions[option]`: the SDK module itself, or a URL to import it from;
 * - otherwise the bare package name, which a bundler resolves from node_modules (npm users) and the
 *   page's import map resolves in a browser (CDN users). dist/ keeps that specifier as it is.
 *
 * When neither is there, the error says exactly what to add.
 */
import { CallError } from '../core/errors.js';

export interface SdkSpec {
  /** For messages: "the Azure Communication Services Calling SDK". */
  readonly title: string;
  /** The npm package our code imports by name. */
  readonly packageName: string;
  /** The `providerOptions` key that may hold the module or its URL. */
  readonly option: string;
  /** What `npm i` needs (the SDK and any sibling package it needs). */
  readonly npmPackages: readonly string[];
  /** Import map entries for a page on a CDN: package name → an ESM CDN URL of the vendor's own package. */
  readonly importMap: Readonly<Record<string, string>>;
  /** `() => import('<packageName>')`, written out literally so bundlers see the specifier. */
  readonly importByName: () => Promise<unknown>;
}

/** The copy-paste fix, shown in the error of every provider whose SDK is missing. */
export function sdkHowTo(spec: SdkSpec): string {
  const imports = JSON.stringify({ imports: spec.importMap });
  return (
    `call-elements does not include ${spec.title} (it is under the vendor's licence). ` +
    `With a bundler: npm i ${spec.npmPackages.join(' ')}. ` +
    `In a page: add <script type="importmap">${imports}</script> before call-elements.js, ` +
    `or set providerOptions.${spec.option} to the ${spec.packageName} module or its URL.`
  );
}

/** A bare specifier nothing resolved (browser wording varies: Chromium, Firefox, Safari). */
function unresolved(error: unknown, name: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof TypeError && message.includes(name) && /resolve|specifier|remapped/i.test(message);
}

/**
 * The SDK module: `source` itself when it is a module object, `import(source)` when it is a URL, else
 * `import(packageName)`. Failures are CallErrors: `invalid-argument` for a bad option, `unsupported` when
 * nothing provides the SDK, `network` when a named URL does not load.
 */
export async function importSdk(spec: SdkSpec, source: unknown): Promise<Record<string, unknown>> {
  if (source !== undefined && source !== null && (typeof source === 'object' || typeof source === 'function')) {
    return source as Record<string, unknown>;
  }
  if (source !== undefined && source !== null && !(typeof source === 'string' || source instanceof URL)) {
    throw new CallError('invalid-argument', `providerOptions.${spec.option} must be the ${spec.packageName} module or a URL to it`, { action: 'connect' });
  }
  if (source !== undefined && source !== null) {
    let url: string;
    try {
      url = new URL(String(source), document.baseURI).href;
    } catch (error) {
      throw new CallError('invalid-argument', `providerOptions.${spec.option} is not a URL: ${String(source)}`, { action: 'connect', cause: error });
    }
    try {
      return (await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as Record<string, unknown>;
    } catch (error) {
      throw new CallError('network', `Could not load ${spec.title} from providerOptions.${spec.option} (${url}): ${String(error)}`, { action: 'connect', cause: error });
    }
  }
  try {
    return (await spec.importByName()) as Record<string, unknown>;
  } catch (error) {
    if (unresolved(error, spec.packageName)) {
      throw new CallError('unsupported', `${spec.title} (${spec.packageName}) is not on this page. ${sdkHowTo(spec)}`, { action: 'connect', cause: error });
    }
    throw new CallError('network', `Could not load ${spec.title} (${spec.packageName}): ${String(error)}. ${sdkHowTo(spec)}`, { action: 'connect', cause: error });
  }
}

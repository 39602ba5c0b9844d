// @custom-elements-manifest/analyzer: the manifest is generated from the sources' JSDoc.
// packagejson: false, because package.json already names custom-elements.json and the staleness check
// writes to a scratch folder it must not record there.
import { readFileSync } from 'node:fs';

/**
 * Elements are registered through `defineElement('tag', Class)` (a define that tolerates a second bundle),
 * which the analyzer does not know: record each call as the `custom-element-definition` that
 * `customElements.define` would give, so every class gets its `tagName` (Storybook's docs and controls
 * look elements up by tag).
 */
function defineElementCalls() {
  return {
    name: 'define-element-calls',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      const imported = context.imports?.find((i) => i.name === klass.text && !i.isBareModuleSpecifier);
      const module = imported ? new URL(imported.importPath, `file:///${moduleDoc.path}`).pathname : moduleDoc.path;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: klass.text, module } },
      ];
    },
  };
}

/**
 * CallElement's `emit(type, detail)` dispatches `new CustomEvent(type, …)`; the analyzer reads that as an
 * event literally named "type" on every element. The real events are the documented `@fires`.
 */
function noEventNamedByVariable() {
  return {
    name: 'no-event-named-by-variable',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.events) continue;
          declaration.events = declaration.events.filter((e) => !(e.name === 'type' && !e.description));
          if (!declaration.events.length) delete declaration.events;
        }
      }
    },
  };
}

/**
 * The global `--call-*` tokens live in one stylesheet (src/elements/theme.styles.ts) that every element
 * adopts, not in a class's JSDoc. Each token there is a `--_private: var(--call-public, default);` line
 * under a one-line comment: list them, with that comment and default, in every element's `cssProperties`
 * (after its own), so each element's docs name everything that styles it and the stylesheet stays the one source.
 */
function globalTokens() {
  const source = readFileSync(new URL('./src/elements/theme.styles.ts', import.meta.url), 'utf8');
  const tokens = [...source.matchAll(/\/\* (.+?) \*\/\n\s*--_[\w-]+: var\((--call-[\w-]+), (.+)\);\n/g)].map(([, description, name, def]) => ({
    name,
    description: `Global token: ${description}`,
    default: def,
  }));
  if (tokens.length < 20) throw new Error(`global-tokens: read only ${tokens.length} tokens from theme.styles.ts`);
  return {
    name: 'global-tokens',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement || !declaration.tagName) continue;
          // Every variable documented: a description and a default (`@cssprop [--name=default] - description`).
          const undocumented = (declaration.cssProperties ?? []).filter((p) => !p.description || p.default === undefined).map((p) => p.name);
          if (undocumented.length) console.warn(`<${declaration.tagName}>: CSS properties without a description or default: ${undocumented.join(', ')}`);
          declaration.cssProperties = [...(declaration.cssProperties ?? []), ...tokens];
        }
      }
    },
  };
}

/** The analyzer lists modules in the order its file walk finishes, which varies run to run: sort by path. */
function modulesInPathOrder() {
  return {
    name: 'modules-in-path-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules?.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

export default {
  plugins: [defineElementCalls(), noEventNamedByVariable(), globalTokens(), modulesInPathOrder()],
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/frameworks/**'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};

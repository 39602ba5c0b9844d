// A rollup plugin: collapses the whitespace that indentation leaves inside Lit's css`` and html``
// templates (terser leaves template literals alone); css`` ones also go through esbuild's CSS minifier
// and get short private custom property names. Parsed, not pattern-matched, so only tagged
// templates change, and MagicString keeps the source maps right.
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';
import MagicString from 'magic-string';

const CSS_TAGS = new Set(['css']);
const UNSAFE_CSS = '__unsafeCSS';
const HTML_TAGS = new Set(['html', 'svg']);

export function minifyCss(raw) {
  return raw
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    // In a selector a colon is never followed by white space, so this only touches declarations.
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

export function minifyHtml(raw) {
  // A whitespace run with a line break renders as one space at most: keep one space, drop the rest.
  // A plain attribute value (letters, digits, dashes) needs no quotes, unless a "/>" follows (it would join it).
  return raw.replace(/\s*\n\s*/g, ' ').replace(/(\s[\w:.-]+)="([\w-]+)"(?=[\s>])/g, '$1=$2');
}

/** Private custom properties the elements' scripts set by name (video-grid's layout): never renamed. */
const SET_FROM_SCRIPT = new Set(['--_cols', '--_rows']);
const shortNames = new Map();
const takenShortNames = new Map([...SET_FROM_SCRIPT].map((name) => [name, name]));

/**
 * A short name for a private custom property (`--_muted-fg`): the same in every literal of a build, from a
 * hash of the name so the output is stable. Private ones are ours alone (pages set the `--call-*` and
 * per-element ones), so nothing outside the build sees the change.
 */
function shortName(name) {
  let short = shortNames.get(name);
  if (short) return short;
  const hash = BigInt(`0x${createHash('sha256').update(name).digest('hex')}`).toString(36);
  for (let length = 2; !short || (takenShortNames.has(short) && takenShortNames.get(short) !== name); length++) short = `--_${hash.slice(0, length)}`;
  shortNames.set(name, short);
  takenShortNames.set(short, name);
  return short;
}

export function shortenPrivateProperties(cssText) {
  return cssText.replace(/--_[\w-]+/g, (name) => (SET_FROM_SCRIPT.has(name) ? name : shortName(name)));
}

/**
 * A css`` literal without `${}` holes (all of ours) is whole CSS: esbuild's CSS minifier shortens it
 * further (colours, numbers, merged rules). No target, so nothing is lowered. A literal with holes, or
 * one esbuild will not parse cleanly, gets the plain whitespace pass above.
 */
function esbuildCss(raw) {
  if (raw.includes('\\')) return minifyCss(raw);
  try {
    const out = transformSync(raw, { loader: 'css', minify: true, logLevel: 'silent' });
    if (out.warnings.length > 0) return minifyCss(raw);
    // esbuild keeps custom properties as written ("--x: 1", "var(--x, 1)"); the plain pass trims those.
    return minifyCss(out.code.trim());
  } catch {
    return minifyCss(raw);
  }
}

export const minifyWholeCss = (raw) => shortenPrivateProperties(esbuildCss(raw));
const minifyCssPart = (raw) => shortenPrivateProperties(minifyCss(raw));

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) walk(c, visit);
    else if (child && typeof child === 'object' && typeof child.type === 'string') walk(child, visit);
  }
}

export function minifyTemplates({ include = /\/src\// } = {}) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!include.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const ast = this.parse(code);
      const out = new MagicString(code);
      let needsUnsafeCss = false;
      walk(ast, (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
        const isCss = CSS_TAGS.has(node.tag.name);
        const whole = isCss && node.quasi.quasis.length === 1;
        const minify = whole ? minifyWholeCss : isCss ? minifyCssPart : HTML_TAGS.has(node.tag.name) ? minifyHtml : null;
        if (!minify) return;
        if (whole) {
          // css`…` without holes is unsafeCSS('…') with a static string: the same CSSResult, and Lit's css tag
          // (with its long error text) drops out of the bundle.
          out.overwrite(node.tag.start, node.tag.end, `${UNSAFE_CSS}(`);
          out.overwrite(node.quasi.start, node.quasi.end, JSON.stringify(minify(code.slice(node.quasi.start + 1, node.quasi.end - 1))) + ')');
          needsUnsafeCss = true;
          return;
        }
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const small = minify(raw);
          if (small !== raw) out.overwrite(quasi.start, quasi.end, small || ' ');
        }
      });
      if (needsUnsafeCss) out.prepend(`import { unsafeCSS as ${UNSAFE_CSS} } from 'lit';\n`);
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}

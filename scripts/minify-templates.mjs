// A rollup plugin: collapses the whitespace that indentation leaves inside Lit's css`` and html``
// templates (terser leaves template literals alone). Parsed, not pattern-matched, so only tagged
// templates change, and MagicString keeps the source maps right.
import MagicString from 'magic-string';

const CSS_TAGS = new Set(['css']);
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
  return raw.replace(/\s*\n\s*/g, ' ');
}

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
      walk(ast, (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
        const minify = CSS_TAGS.has(node.tag.name) ? minifyCss : HTML_TAGS.has(node.tag.name) ? minifyHtml : null;
        if (!minify) return;
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const small = minify(raw);
          if (small !== raw) out.overwrite(quasi.start, quasi.end, small || ' ');
        }
      });
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';

interface CssProperty {
  readonly name: string;
  readonly description?: string;
  readonly default?: string;
}
interface Declaration {
  readonly tagName?: string;
  readonly cssProperties?: readonly CssProperty[];
}

const declarations = manifest.modules.flatMap((m) => (m.declarations ?? []) as readonly Declaration[]).filter((d) => d.tagName);
/** The global tokens, as custom-elements.json lists them (on every element; read from one). */
const globalTokens = declarations.find((d) => d.tagName === 'call-session')?.cssProperties ?? [];
/** Each element's own variables (those not global). */
const elementVariables = declarations
  .map((d) => ({ tag: d.tagName!, vars: (d.cssProperties ?? []).filter((p) => !p.name.startsWith('--call-') || p.name.startsWith(`--${d.tagName}-`)) }))
  .filter((e) => e.vars.length)
  .sort((a, b) => (a.tag < b.tag ? -1 : 1));

const table = (rows: readonly CssProperty[]) => html`<table class="tokens">
  <thead>
    <tr><th scope="col">Variable</th><th scope="col">Default</th><th scope="col">What it styles</th></tr>
  </thead>
  <tbody>
    ${rows.map(
      (p) => html`<tr>
        <td><code>${p.name}</code></td>
        <td><code>${p.default ?? ''}</code></td>
        <td>${(p.description ?? '').replace(/^Global token: /, '')}</td>
      </tr>`,
    )}
  </tbody>
</table>`;

const BRAND = `.brand {
  --call-color-primary: light-dark(#6a1b9a, #e1bee7);
  --call-color-on-primary: light-dark(#fff, #38006b);
  --call-radius: 20px;
  --call-font-family: Georgia, serif;
}`;

/**
 * How to theme the elements. **Light and dark:** the elements inherit `color-scheme`. Set it on the page
 * (`:root { color-scheme: light dark }` follows the system), on `<call-session>`, or on any ancestor; where
 * nothing sets one, the elements follow the system. Every element paints its own surface, so it reads on
 * any page background. The toolbar's *Scheme* switch sets it on this canvas.
 *
 * **Tokens:** the global `--call-*` tokens below style every element; set them on `:root`, on
 * `<call-session>` or on one element (each colour takes `light-dark(light, dark)`). **Element variables**
 * (`--video-grid-gap`, …) carry the element's name and are declared on the element itself: set them on the
 * element (`video-grid { --video-grid-gap: 4px }`); a page's own `--gap` or `--width` never reaches inside.
 * **Parts** (`::part(tile)`) style any named node; **icons** are replaced with `setIcons()`.
 */
const meta: Meta = {
  title: 'Pages/Theming',
  component: 'call-session',
  parameters: { layout: 'padded' },
  render: () => html`
    <style>
      ${BRAND}
      .theming {
        display: grid;
        gap: 16px;
        max-width: 960px;
      }
      .theming h2 {
        font: 600 16px system-ui, sans-serif;
        margin: 8px 0 0;
      }
      .schemes {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 280px), 1fr));
      }
      .schemes > * {
        display: grid;
        gap: 8px;
        padding: 12px;
        border: 1px solid GrayText;
        border-radius: 8px;
        min-width: 0;
      }
      .scheme-light {
        color-scheme: light;
      }
      .scheme-dark {
        color-scheme: dark;
      }
      .tokens {
        border-collapse: collapse;
        font: 13px system-ui, sans-serif;
        width: 100%;
      }
      .tokens th,
      .tokens td {
        text-align: start;
        padding: 4px 8px;
        border-bottom: 1px solid GrayText;
        overflow-wrap: anywhere;
      }
      .table-box {
        overflow-x: auto;
      }
      pre {
        margin: 0;
        white-space: pre-wrap;
      }
    </style>
    <div class="theming">
      <h2>Light and dark: <code>color-scheme</code> on any ancestor</h2>
      <div class="schemes">
        ${['light', 'dark'].map(
          (scheme) => html`<div class="scheme-${scheme}">
            <code>color-scheme: ${scheme}</code>
            <call-session provider="simulated" scenario="one-to-one" .providerOptions=${{ speaking: false }}>
              <call-status></call-status>
              <call-controls></call-controls>
            </call-session>
          </div>`,
        )}
      </div>
      <h2>Your brand: tokens on an ancestor</h2>
      <div class="schemes">
        <pre><code>${BRAND}</code></pre>
        <div class="brand">
          <call-session provider="simulated" scenario="one-to-one" .providerOptions=${{ speaking: false }}>
            <call-controls></call-controls>
          </call-session>
        </div>
      </div>
      <h2>Global tokens</h2>
      <div class="table-box">${table(globalTokens)}</div>
      ${elementVariables.map((e) => html`<h2>&lt;${e.tag}&gt; variables</h2><div class="table-box">${table(e.vars)}</div>`)}
    </div>
  `,
};
export default meta;

export const Theming: StoryObj = {};

/** Defines a custom element once; a second define of the same tag (two bundles on a page) is a no-op. */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}

/**
 * Defines a custom element once. A second define with the same class (two copies of one bundle on a page)
 * is a no-op; a tag that another class already holds keeps that class, and the console says which.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, constructor);
  else if (existing !== constructor) {
    console.warn(`call-elements: <${tag}> is already defined by ${existing.name || 'another class'}, so ${constructor.name || 'this class'} was not registered`);
  }
}

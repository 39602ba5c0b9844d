/**
 * Waits for tests that render hostile text: a name like `<img src=x onerror=…>` would, if parsed as markup,
 * run its handler when the image fails to load. A real broken image failing tells the test that moment has
 * passed, so it waits for that event rather than for a guessed time.
 */

/** Resolves once an image from `src` has failed to load (an injected one from the same text would have fired). */
export function brokenImageFailed(src = 'x'): Promise<void> {
  return new Promise((resolve) => {
    const img = new Image();
    img.addEventListener('error', () => resolve(), { once: true });
    img.src = src;
  });
}

/**
 * Waits for a condition that can only be checked asynchronously (a stand-in's request log, a server's
 * state): checked once a frame until it holds, or fails after `timeout` (sized for a loaded machine).
 */
export async function eventually(predicate: () => Promise<boolean>, message: string, timeout = 20000): Promise<void> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

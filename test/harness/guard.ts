/**
 * Injected into every browser test file (see web-test-runner.config.mjs): an unhandled promise rejection
 * or uncaught error anywhere on the page fails the test during which it happened.
 */
const leaked: string[] = [];

window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  leaked.push(reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason));
});
window.addEventListener('error', (event) => {
  leaked.push(`Uncaught ${event.message}`);
});

async function check(): Promise<void> {
  // Let pending rejections be reported before deciding.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (leaked.length) {
    const report = leaked.splice(0).join('\n---\n');
    throw new Error(`Unhandled promise rejection or uncaught error:\n${report}`);
  }
}

afterEach(check);
after(check);

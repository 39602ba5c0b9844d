// No build step: plain JavaScript next to the page (CSP-friendly: no inline script).
const session = document.querySelector('call-session');
const notice = document.querySelector('[role=status]');

// A property, never an attribute: tokens and callbacks stay in memory.
session.providerOptions = {
  ringMs: 1000,
  token: async () => (await fetch('/api/call-token')).text(), // read by acs/kandy/…; simulated ignores it
};

session.addEventListener('call-error', (event) => {
  notice.textContent = `Error: ${event.detail.error.code}`;
});
session.addEventListener('call-ended', (event) => {
  notice.textContent = `Call ended: ${event.detail.call.endReason?.code ?? 'unknown'}`;
});

// The demo's wiring. A separate file (not inline) so the page runs under a strict Content-Security-Policy.
const session = document.getElementById('session');
const scenario = document.getElementById('scenario');
const connection = document.getElementById('connection');

scenario.addEventListener('change', () => session.setAttribute('scenario', scenario.value));
session.addEventListener('call-connection-change', (e) => {
  connection.textContent = `Connection: ${e.detail.state}`;
});
session.addEventListener('call-error', (e) => {
  connection.textContent = `Error (${e.detail.error.code}): ${e.detail.error.message}`;
});

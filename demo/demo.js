// The demo's wiring: sign in, who is online (with a Call button each), rooms. A separate file, not inline,
// so the page runs under the server's strict Content-Security-Policy. User text only ever goes into
// textContent.
const params = new URLSearchParams(location.search);
const form = document.getElementById('sign-in');
const nameInput = document.getElementById('user-name');
const me = document.getElementById('me');
const status = document.getElementById('status');
const app = document.getElementById('app');

const say = (text) => {
  status.textContent = text;
};

function signIn(user) {
  const ui = document.getElementById('call-ui').content.cloneNode(true);
  const session = ui.querySelector('call-session');
  session.setAttribute('user', user);
  session.setAttribute('display-name', user);
  app.replaceChildren(ui);
  app.hidden = false;
  form.hidden = true;
  me.hidden = false;
  me.textContent = `Signed in as ${user}`;
  wire(session);
  const url = new URL(location.href);
  url.searchParams.set('user', user);
  history.replaceState(null, '', url);
}

function wire(session) {
  session.addEventListener('call-connection-change', (e) => say(`Connection: ${e.detail.state}`));
  session.addEventListener('call-error', (e) => say(`Error (${e.detail.error.code}): ${e.detail.error.message}`));
  session.addEventListener('call-ended', (e) => {
    const reason = e.detail.call.endReason;
    say(`Call ended${reason ? ` (${reason.code})` : ''}`);
  });
  const roomForm = session.querySelector('#room-form');
  const roomInput = session.querySelector('#room-name');

  // The bundle may still be loading (or be served from a CDN): wait for the element to be defined.
  customElements.whenDefined('call-session').then(() => session.whenReady()).then((controller) => {
    const provider = controller.provider;
    const online = session.querySelector('#online');
    const nobody = session.querySelector('#nobody');
    const render = () => {
      const people = provider.presence ?? [];
      nobody.hidden = people.length > 0;
      online.replaceChildren(
        ...people.map((p) => {
          const li = document.createElement('li');
          const label = document.createElement('span');
          label.textContent = p.displayName === p.user ? p.user : `${p.displayName} (${p.user})`;
          if (p.busy) label.append(' · busy');
          // The visible "Call" starts the accessible name ("Call Bob"): the name contains what is seen.
          const button = document.createElement('button');
          button.type = 'button';
          const who = document.createElement('span');
          who.className = 'visually-hidden';
          who.textContent = ` ${p.displayName}`;
          button.append('Call', who);
          button.disabled = p.busy;
          button.addEventListener('click', () => controller.startCall(p.user, { video: true }).catch(() => undefined));
          li.append(label, button);
          return li;
        }),
      );
    };
    provider.addEventListener?.('presence-change', render);
    render();

    roomForm.addEventListener('submit', (e) => {
      e.preventDefault();
      controller.join({ room: roomInput.value }, { video: true }).catch(() => undefined); // shown via call-error
    });
    const room = params.get('room');
    if (room) {
      roomInput.value = room;
      const joinWhenConnected = () => {
        if (controller.snapshot.connection !== 'connected') return;
        controller.removeEventListener('call-connection-change', joinWhenConnected);
        controller.join({ room }, { video: true }).catch(() => undefined);
      };
      controller.addEventListener('call-connection-change', joinWhenConnected);
      joinWhenConnected();
    }
  });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const user = nameInput.value.trim();
  if (user) signIn(user);
});

const preset = params.get('user');
if (preset) signIn(preset.trim().slice(0, 40));
else nameInput.focus();

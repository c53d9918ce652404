// The app every bundler builds (copied into each one's src/ by run.mjs): the package imported
// with the bundler's defaults. It records each status it sees in #history ('loading' first,
// since browsers load the wasm asynchronously), logs in, calls service 'profile' and shows the
// name it returns. The API prefix is ?api=<url>, else /services/ on this origin.
import _auth from 'wasm-auth-client';

document.body.innerHTML = `
  <h1>wasm-auth-client</h1>
  <p>Status: <span id="status"></span> (seen: <span id="history"></span>)</p>
  <form id="login-form" hidden>
    <input id="username" autocomplete="username" placeholder="admin" required />
    <input id="password" type="password" autocomplete="current-password" required />
    <button id="login-button" type="submit">Log in</button>
  </form>
  <section id="logged-in" hidden>
    <p>Signed in as <span id="user-name"></span></p>
    <button id="logout-button" type="button">Logout</button>
  </section>
  <p id="error"></p>`;

const $ = (id) => document.getElementById(id);
const seen = [];
const show = (error) => { $('error').textContent = String(error?.code ?? '') + ' ' + String(error?.message ?? error); };

function render() {
  const { status, loggedIn } = _auth.snapshot();
  if (seen[seen.length - 1] !== status) seen.push(status);
  $('status').textContent = status;
  $('history').textContent = seen.join(' ');
  $('login-form').hidden = status !== 'logged_out';
  $('logged-in').hidden = !loggedIn;
}

render();
_auth.config({ prefix: new URLSearchParams(location.search).get('api') ?? new URL('/services/', location.href).href });
_auth.subscribe(render);
_auth.ready().then(() => {
  render();
  document.body.dataset.ready = 'true';
}, show);

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').textContent = '';
  try {
    await _auth.login({ username: $('username').value, password: $('password').value });
    const profile = await _auth.service({ url: 'profile' });
    $('user-name').textContent = profile.json?.name ?? `(HTTP ${profile.status})`;
  } catch (error) {
    show(error);
  }
});
$('logout-button').addEventListener('click', () => _auth.logout());

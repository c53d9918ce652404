// The wasm-auth-client demo: plain DOM, no framework. Everything shown is rendered from
// _auth.snapshot(), once on load (a session may have been restored from sessionStorage) and
// again on every event the client emits.
//
// The package is imported statically and loads its wasm in the background: until it is in,
// snapshot() says status 'loading' and calls are queued; subscribe() made now hears every event,
// from the client's first ('restore' for a session kept in sessionStorage, then 'ready').
import _auth from './pkg/index.js';

const $ = (id) => document.getElementById(id);
const el = {
  status: $('status'),
  loggedOut: $('logged-out'),
  loggedIn: $('logged-in'),
  form: $('login-form'),
  username: $('username'),
  password: $('password'),
  loginButton: $('login-button'),
  loginError: $('login-error'),
  userName: $('user-name'),
  userGroup: $('user-group'),
  tokenType: $('token-type'),
  expiresAt: $('expires-at'),
  expiresIn: $('expires-in'),
  refreshCount: $('refresh-count'),
  profileButton: $('profile-button'),
  profileStatus: $('profile-status'),
  profileResult: $('profile-result'),
  refreshButton: $('refresh-button'),
  logoutButton: $('logout-button'),
  actionError: $('action-error'),
  events: $('events'),
};

const MAX_EVENTS = 10;
let refreshCount = 0;

/** "message (code)" for an AuthError, or whatever else was thrown. */
function describe(error) {
  if (error && typeof error === 'object') {
    const code = error.code ? ` (${error.code}${error.status ? `, HTTP ${error.status}` : ''})` : '';
    return `${error.message || String(error)}${code}`;
  }
  return String(error);
}

function showError(node, error) {
  node.textContent = error == null ? '' : describe(error);
  node.hidden = error == null;
}

function logEvent(text, kind) {
  const item = document.createElement('li');
  item.dataset.type = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const label = document.createElement('span');
  label.textContent = text;
  item.append(time, label);
  el.events.prepend(item);
  while (el.events.children.length > MAX_EVENTS) el.events.lastElementChild.remove();
}

function describeEvent(event) {
  let text = event.type;
  if (event.reason) text += ` (reason: ${event.reason})`;
  if (event.error) text += `: ${describe(event.error)}`;
  return text;
}

/** Seconds left before the access token expires, or null when unknown. */
function secondsLeft(snapshot) {
  if (snapshot.expiresAt == null) return null;
  return Math.max(0, Math.ceil((snapshot.expiresAt - Date.now()) / 1000));
}

function renderCountdown(snapshot = _auth.snapshot()) {
  const left = secondsLeft(snapshot);
  el.expiresIn.textContent = left == null ? 'never' : String(left);
  el.expiresIn.classList.toggle('expired', left === 0);
}

function render() {
  const snapshot = _auth.snapshot();
  // Until the wasm is in (status 'loading') neither the form nor the session is shown.
  const loading = snapshot.status === 'loading';
  el.loggedIn.hidden = !snapshot.loggedIn;
  el.loggedOut.hidden = snapshot.loggedIn || loading;
  const user = snapshot.user || {};
  // A Netuno server's claims (`_user_name`, `_group_code`), else the RFC 7519 ones.
  el.userName.textContent = user._user_name ?? user.name ?? user.sub ?? '';
  el.userGroup.textContent = user._group_code ?? user.group ?? '';
  el.tokenType.textContent = snapshot.tokenType ?? '';
  el.expiresAt.textContent = snapshot.expiresAt == null
    ? 'unknown' : new Date(snapshot.expiresAt).toLocaleTimeString();
  el.refreshCount.textContent = String(refreshCount);
  renderCountdown(snapshot);
  if (!snapshot.loggedIn) {
    el.profileResult.textContent = '(not called yet)';
    el.profileStatus.textContent = '';
    showError(el.actionError, null);
  }
  el.status.textContent = loading ? 'Loading…' : snapshot.loggedIn ? 'Signed in.' : 'Signed out.';
  if (snapshot.storageDegraded) el.status.textContent += ' (storage unavailable: the session will not survive a reload)';
}

/** Replays the CSS flash animation on `node`. */
function flash(node) {
  node.classList.remove('flash');
  void node.offsetWidth; // restart the animation
  node.classList.add('flash');
}

async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}

// Try several tabs sharing one session with ?storage=local (the tests also pass
// crossTabLock=false to show the race the lock prevents, and refreshJitter=0).
const params = new URLSearchParams(location.search);
const settings = { prefix: new URL('/services/', location.href).href, storage: 'session' };
if (params.has('storage')) settings.storage = params.get('storage');
if (params.has('crossTabLock')) settings.crossTabLock = params.get('crossTabLock') !== 'false';
if (params.has('refreshJitter')) settings.refreshJitter = Number(params.get('refreshJitter'));
// ?mode=cookie: the refresh token lives in the server's HttpOnly cookie (auth-test-server
// --refresh-cookie), the access token in memory only, and the tabs share one session.
if (params.get('mode') === 'cookie') {
  Object.assign(settings, { refreshToken: { cookie: true }, logout: { url: '_auth/logout' } });
}
// config() called before the wasm is in is queued and applied once it is; a bad setting is then
// reported as an unhandled rejection. Called once ready() has resolved, as here, it throws.
const configured = _auth.ready().then(() => {
  try {
    _auth.config(settings);
  } catch (error) {
    el.status.textContent = `Bad settings in the URL: ${error.message}`;
    return;
  }
  render();
});

_auth.subscribe((event) => {
  if (event.type === 'refresh') refreshCount += 1;
  logEvent(describeEvent(event), event.type);
  render();
  if (event.type === 'refresh') {
    flash(el.expiresIn);
    flash(el.refreshCount);
  }
});

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  showError(el.loginError, null);
  busy(el.loginButton, async () => {
    try {
      await _auth.login({ username: el.username.value.trim(), password: el.password.value });
      el.password.value = '';
    } catch (error) {
      showError(el.loginError, error);
      el.password.select();
    }
  });
});

el.profileButton.addEventListener('click', () => busy(el.profileButton, async () => {
  showError(el.actionError, null);
  el.profileStatus.textContent = '(calling…)';
  try {
    const result = await _auth.service({ url: 'profile', method: 'GET' });
    el.profileStatus.textContent = `HTTP ${result.status}${result.ok ? '' : ' (error)'}`;
    el.profileResult.textContent = result.json !== undefined
      ? JSON.stringify(result.json, null, 2) : (result.text ?? '');
    el.profileResult.classList.toggle('error', !result.ok);
  } catch (error) {
    el.profileStatus.textContent = '(failed)';
    el.profileResult.textContent = describe(error);
    el.profileResult.classList.add('error');
  }
}));

el.refreshButton.addEventListener('click', () => busy(el.refreshButton, async () => {
  showError(el.actionError, null);
  try {
    await _auth.refreshToken();
  } catch (error) {
    showError(el.actionError, error);
  }
}));

el.logoutButton.addEventListener('click', () => _auth.logout());

setInterval(() => renderCountdown(), 250);
render();
// A session restored from sessionStorage may have been announced before this module subscribed.
configured.then(() => setTimeout(() => {
  if (_auth.snapshot().loggedIn && !el.events.querySelector('[data-type="restore"]')) {
    logEvent('session found on page load (no restore event heard)', 'loaded');
  }
  document.body.dataset.ready = 'true';
}, 0));

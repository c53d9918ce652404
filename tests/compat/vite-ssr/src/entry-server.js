// The server entry of a minimal Vite SSR app: it imports the package as a component module
// would and renders the client's state (a server has no session: logged out) and the server
// snapshot that hooks render there ('loading': the session lives in the browser).
import _auth from 'wasm-auth-client';

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's HTML for a request: the auth state as the server sees it. */
export function render() {
  const snapshot = _auth.snapshot();
  const server = _auth.serverSnapshot();
  return (
    `<main data-status="${escape(snapshot.status)}" data-server-status="${escape(server.status)}" ` +
    `data-logged-in="${_auth.isLogged()}">${snapshot.loggedIn ? 'Signed in' : 'Signed out'}</main>`
  );
}

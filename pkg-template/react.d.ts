// Types of wasm-auth-client/react.
import type { AuthClient, Snapshot } from './index.js';
import type { Snapshot as ClientSnapshot } from './wasm_auth_client.js';

/** The default client's state, re-rendering on every change: `status` `'loading'` until the
 * wasm is in and the session restored (and in a server render and its hydration), then
 * `'logged_in'`, `'refreshing'` or `'logged_out'`, or `'failed'` when the wasm cannot load. */
export function useAuth(): Snapshot;
/** The state of a client made with `createAuthClient` or `new AuthClient` (`'loading'` in a
 * server render and its hydration). */
export function useAuth(client: AuthClient): ClientSnapshot;

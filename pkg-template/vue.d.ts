// Types of wasm-auth-client/vue.
import type { ShallowRef } from 'vue';
import type { AuthClient, Snapshot } from './index.js';
import type { Snapshot as ClientSnapshot } from './wasm_auth_client.js';

/** The default client's state, kept current until the component or effect scope is disposed:
 * `status` `'loading'` until the wasm is in and the session restored (and in a server render and
 * its hydration), then `'logged_in'`, `'refreshing'` or `'logged_out'`, or `'failed'` when the
 * wasm cannot load. */
export function useAuth(): Readonly<ShallowRef<Snapshot>>;
/** The state of a client made with `createAuthClient` or `new AuthClient`. */
export function useAuth(client: AuthClient): Readonly<ShallowRef<ClientSnapshot>>;

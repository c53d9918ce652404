// The idiom: the client's state in Vue 3. Copy this file.
//
// snapshot() returns a new frozen object each time the state changes (login, refresh, logout,
// restore): a shallowRef holds it, and subscribe() replaces it, so templates re-render.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import _auth, { type AuthEvent, type Snapshot } from 'wasm-auth-client';

/** `{status, loggedIn, user, expiresAt, tokenType, storageDegraded}`, kept current while in scope. */
export function useAuth(): Readonly<ShallowRef<Snapshot>> {
  const state = shallowRef(_auth.snapshot());
  onScopeDispose(_auth.subscribe(() => (state.value = _auth.snapshot())));
  return state;
}

/** Calls `handler` for each event of the client while in scope (counters, toasts, redirects). */
export function useAuthEvent(handler: (event: AuthEvent) => void): void {
  onScopeDispose(_auth.subscribe(handler));
}

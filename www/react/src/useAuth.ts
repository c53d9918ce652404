// The idiom: the client's state in React. Copy this file.
//
// snapshot() returns the same frozen object until the state changes (login, refresh, logout,
// restore), so it is a valid getSnapshot for useSyncExternalStore as it is; subscribe() returns
// the unsubscribe function React expects. serverSnapshot() (logged out) is what a server render
// shows; until the wasm is in, snapshot() says status 'loading'.
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import _auth, { type AuthEvent, type Snapshot } from 'wasm-auth-client';

/** `{status, loggedIn, user, expiresAt, tokenType, storageDegraded}`; re-renders on every change. */
export function useAuth(): Snapshot {
  return useSyncExternalStore(_auth.subscribe, _auth.snapshot, _auth.serverSnapshot);
}

/** Calls `handler` for each event of the client (for counters, toasts, redirects). */
export function useAuthEvent(handler: (event: AuthEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  useEffect(() => _auth.subscribe((event) => onEvent(event)), []);
}

'use client';
// wasm-auth-client/react: the client's state in React, over the package's own `subscribe` and
// `snapshot` (the work is the wasm's; this file only adapts it). The directive lets a Next.js
// server component import it; the hook itself runs in client components.
//
// `snapshot()` returns the same frozen object until the state changes, so it is a valid
// getSnapshot. Before the wasm is in it is the 'loading' one and `subscribe()` is queued (it
// hears `load_error` at once), so the hook needs no waiting of its own. A server render, and the
// browser's hydration of its HTML, show `serverSnapshot()`: 'loading' too, since the session
// lives in the browser.
import { useMemo, useSyncExternalStore } from 'react';
import { serverSnapshot, snapshot, subscribe } from './index.js';

const defaultClient = { subscribe, snapshot };

/** The state of `client` (the default client without one); re-renders on every change. */
export function useAuth(client) {
  const store = useMemo(
    () => (client ? { subscribe: (onChange) => client.subscribe(onChange), snapshot: () => client.snapshot() } : defaultClient),
    [client],
  );
  return useSyncExternalStore(store.subscribe, store.snapshot, serverSnapshot);
}

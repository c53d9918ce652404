// wasm-auth-client/vue: the client's state in Vue 3, over the package's own `subscribe` and
// `snapshot` (the work is the wasm's; this file only adapts it).
//
// A shallowRef holds the frozen snapshot and a `subscribe` listener replaces it; before the wasm
// is in, `snapshot()` is the 'loading' one and `subscribe()` is queued, so nothing waits here.
// A server render, and the browser's hydration of its HTML, show `serverSnapshot()` ('loading':
// the session lives in the browser) as React's getServerSnapshot does; in a component the
// listener is added once mounted, which never happens on a server, and the current snapshot
// read then.
import { getCurrentInstance, onMounted, onScopeDispose, shallowReadonly, shallowRef } from 'vue';
import { serverSnapshot, snapshot, subscribe } from './index.js';

const defaultClient = { subscribe, snapshot };

/** The state of `client` (the default client without one), as a read-only ref kept current
 * until the calling component or effect scope is disposed. */
export function useAuth(client = defaultClient) {
  const instance = getCurrentInstance();
  // A component being hydrated has its server-rendered element before its setup runs.
  const server = typeof window === 'undefined' || instance?.vnode.el != null;
  const state = shallowRef(server ? serverSnapshot() : client.snapshot());
  let unsubscribe = null;
  const start = () => {
    unsubscribe = client.subscribe(() => (state.value = client.snapshot()));
    state.value = client.snapshot();
  };
  onScopeDispose(() => unsubscribe?.());
  if (instance) onMounted(start);
  else if (typeof window !== 'undefined') start();
  return shallowReadonly(state);
}

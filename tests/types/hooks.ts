// A TypeScript consumer of the framework entries, wasm-auth-client/react and wasm-auth-client/vue,
// compiled by ./check with `tsc --noEmit --strict` like usage.ts. Never run: the hooks are called
// here as a component or a setup function would call them, to pin their types.
import { AuthClient, type Snapshot } from 'wasm-auth-client';
import { useAuth as useReactAuth } from 'wasm-auth-client/react';
import { useAuth as useVueAuth } from 'wasm-auth-client/vue';
import type { ShallowRef } from 'vue';

/** A client's own snapshot (no 'failed' status: its wasm is in). */
type ClientSnapshot = ReturnType<AuthClient['snapshot']>;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <T extends true>(): T | void => undefined;

// React: the default client's snapshot (which can be the failed one), or a client's own.
export function Panel(): string {
  const auth = useReactAuth();
  same<Equals<typeof auth, Snapshot>>();
  if (auth.status === 'failed') return auth.error.message;
  same<Equals<typeof auth.status, 'loading' | 'logged_out' | 'logged_in' | 'refreshing'>>();
  return auth.loggedIn ? String(auth.user?.sub ?? '') : auth.status;
}
export function OtherPanel(client: AuthClient): number | null {
  const auth = useReactAuth(client);
  same<Equals<typeof auth, ClientSnapshot>>();
  return auth.expiresAt;
}

// Vue: a read-only ref of the same snapshots.
export function setup() {
  const auth = useVueAuth();
  same<Equals<typeof auth, Readonly<ShallowRef<Snapshot>>>>();
  const other = useVueAuth(new AuthClient({ token: { storageKey: 'other' } }));
  same<Equals<typeof other.value, ClientSnapshot>>();
  return { name: auth.value.user?.name, loggedIn: other.value.loggedIn };
}

// Misuses of the wasm-auth-client API that must NOT compile. Each one is marked
// `// @ts-expect-error [TSxxxx] why`: tsc fails on a marker whose next line compiles, and
// ./check also compiles this file without the markers to make sure each line fails with one of
// the error codes in brackets (so a line cannot pass for an unrelated reason, e.g. a typo).
import _auth, { AuthClient, type AuthEvent, type AuthError } from 'wasm-auth-client';
import { useAuth as useReactAuth } from 'wasm-auth-client/react';
import { useAuth as useVueAuth } from 'wasm-auth-client/vue';

// @ts-expect-error [TS2322|TS2820] wrong storage value ('locl' is not 'session' | 'local' | 'memory')
_auth.config({ storage: 'locl' });

// @ts-expect-error [TS2345|TS2741] login without a password
void _auth.login({ username: 'admin' });

// @ts-expect-error [TS2353] unknown config key
_auth.config({ redirectUri: 'https://example.com/callback' });

// @ts-expect-error [TS2353|TS2561] unknown nested config key (a mistyped storageKey)
_auth.config({ token: { storagekey: 'other' } });

// @ts-expect-error [TS2322] a password that is not a string
void _auth.login({ username: 'admin', password: 1234 });

// @ts-expect-error [TS2322] seconds given as a string
_auth.config({ refreshLead: '60' });

// @ts-expect-error [TS2322] an unknown expiresIn unit
_auth.config({ expiresInUnit: 'ms' });

// @ts-expect-error [TS2322] a wrong storage value in the AuthClient constructor
new AuthClient({ storage: 'cookie' }).free();

// @ts-expect-error [TS2540] the snapshot is read-only
_auth.snapshot().loggedIn = false;

// @ts-expect-error [TS18047|TS2531] accessToken() is null when logged out
console.log(_auth.accessToken().length);

// @ts-expect-error [TS2353|TS2345] service() without its url
void _auth.service({ path: 'profile' });

export function onEvent(event: AuthEvent): void {
  // @ts-expect-error [TS2367] no such event type
  if (event.type === 'expired') console.log(event);
  // @ts-expect-error [TS2339] only logout events have a reason
  console.log(event.reason);
}

export function onError(error: AuthError): void {
  // @ts-expect-error [TS2367] the server's spelling, not the SDK's code ('invalid_credentials')
  if (error.code === 'invalid-credentials') console.log(error);
}

export function hookMisuses(): void {
  // @ts-expect-error [TS2540] the Vue composable's ref is read-only
  useVueAuth().value = _auth.snapshot();
  // @ts-expect-error [TS2540] and so is the snapshot it holds
  useVueAuth().value.loggedIn = true;
  // @ts-expect-error [TS2540] the React hook's snapshot is read-only
  useReactAuth().loggedIn = true;
  // @ts-expect-error [TS2353|TS2769] a client is an AuthClient, not settings
  useReactAuth({ prefix: '/services/' });
  // @ts-expect-error [TS2339] the failed snapshot's error is only there once narrowed to 'failed'
  console.log(useReactAuth().error);
}

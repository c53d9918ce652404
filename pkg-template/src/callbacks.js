// The app's callbacks: the configured ones (`onLogin`, `login.success` ...) and the per-call
// `success`/`fail`. One that throws is reported on the console; it never breaks the client.

import { isObject } from './core-abi.js';

/** A thrown value as text: `Name: message` for errors. */
export function describe(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return typeof thrown === 'string' ? thrown : 'unknown error';
}

/** Calls `f(arg)` when `f` is set; a throw is reported on the console, never passed on. */
export function call(f, arg, what) {
  if (!f) return;
  try {
    f(arg);
  } catch (thrown) {
    console.error(`wasm-auth-client: the ${what} callback threw: ${describe(thrown)}`);
  }
}

/** A member of the call arguments that is a function, else undefined. */
export function fnAt(object, key) {
  const f = isObject(object) ? object[key] : undefined;
  return typeof f === 'function' ? f : undefined;
}

/** The settings' callbacks merged over `base`: `[callbacks]`, or `[, error text]`. */
export function callbacks(settings, base) {
  const merged = { ...base };
  const slots = [
    [settings, 'onLogin', 'onLogin'],
    [settings, 'onLogout', 'onLogout'],
    [settings.login, 'success', 'login.success', 'loginSuccess'],
    [settings.login, 'fail', 'login.fail', 'loginFail'],
    [settings.refreshToken, 'success', 'refreshToken.success', 'refreshSuccess'],
    [settings.refreshToken, 'fail', 'refreshToken.fail', 'refreshFail'],
  ];
  for (const [object, key, path, name = key] of slots) {
    const f = isObject(object) ? object[key] : undefined;
    if (f === undefined) continue;
    if (f !== null && typeof f !== 'function') return [, `${path}: expected a function or null`];
    merged[name] = f ?? undefined;
  }
  return [merged];
}

/** Writes the callbacks back into a `config()` copy. */
export function writeCallbacks(copy, c) {
  const put = (object, key, f) => f && (object[key] = f);
  put(copy, 'onLogin', c.onLogin);
  put(copy, 'onLogout', c.onLogout);
  put(copy.login, 'success', c.loginSuccess);
  put(copy.login, 'fail', c.loginFail);
  put(copy.refreshToken, 'success', c.refreshSuccess);
  put(copy.refreshToken, 'fail', c.refreshFail);
  return copy;
}

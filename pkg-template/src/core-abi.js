// What crosses between client.js and the wasm `Core` (src/web/core.rs): JSON text, numbers and
// booleans only, so that the wasm walks no JS object and the generated glue stays small.

/** `core.error(kind, n, text, reason)`: the errors made on this side. */
export const NETWORK = 0, TIMEOUT = 1, UNAUTHORIZED = 2, HTTP_STATUS = 3, INVALID_ARGUMENT = 4;
export const CONFIG = 5, NOT_LOGGED_IN = 6;
/** `core.view(what)`. */
export const SETTINGS = 0, TOKEN = 1, SNAPSHOT = 2, HEADER = 3;
/** `core.act(what)`. */
export const RESTORE = 0, ADOPT = 1, LOGOUT = 2;
/** `core.state(what, now, a, b)`. */
export const GENERATION = 0, LOGGED = 1, DUE = 2, STALE = 3, DELAY = 4, BACKOFF = 5;

export const parse = JSON.parse;
export const isObject = (v) => typeof v === 'object' && v !== null;

/** An `Error` named `AuthError` from the core's `{code, message, status?}`. */
export function authError({ code, message, status }) {
  const error = new Error(message);
  error.name = 'AuthError';
  error.code = code;
  if (status !== undefined) error.status = status;
  return error;
}

/** Events from the core, their errors made `AuthError`s. */
export function withErrors(list) {
  for (const e of list) if (e.error) e.error = authError(e.error);
  return list;
}

/** The core's events (JSON). */
export const events = (text) => withErrors(parse(text));

/** The core's `[error or null, events]` (JSON) of a login, refresh or loaded token: both,
 * the error made an `AuthError` (the events come also with an error). */
export function settled(text) {
  const [error, list] = parse(text);
  return [error && authError(error), withErrors(list)];
}

/** `[error or null, value]` (JSON) of the core: the value, or the error thrown. */
export function outcome(text) {
  const [error, value] = parse(text);
  if (error) throw authError(error);
  return value;
}

/** Settings (or a token response) as JSON text for the core: functions are left out (the
 * callbacks are read on this side), and a value JSON cannot hold is `null`. */
export function json(value) {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
}

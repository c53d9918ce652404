// Reading call arguments (`{username, password}`, `{url, method}` ...), with
// `invalid_argument` errors that name the argument.

import { INVALID_ARGUMENT, isObject } from './core-abi.js';

/** A required non-empty string argument; `fail(kind, n, text, reason)` makes the error. */
export function string(args, key, fail) {
  if (!isObject(args)) throw fail(INVALID_ARGUMENT, 0, 'arguments', 'expected an object');
  const v = args[key];
  if (typeof v !== 'string') throw fail(INVALID_ARGUMENT, 0, key, 'expected a string');
  if (!v) throw fail(INVALID_ARGUMENT, 0, key, 'must not be empty');
  return v;
}

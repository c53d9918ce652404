// `service({url, method, data, headers, blob, timeout})`: the `@netuno/service-client` call
// shape, turned into a `Request` and its result object. The token is added by the client.

import { INVALID_ARGUMENT, NETWORK, isObject } from './core-abi.js';
import { describe } from './callbacks.js';
import { string } from './args.js';
import { text } from './http.js';

/** `?k=v&…` from the members of `data`, for GET and HEAD. */
function query(data) {
  const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  return Object.entries(data)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(value(v))}`)
    .join('&');
}

/** `[request, timeout ms]` of a service call: `join` puts the path on the prefix, `timeout`
 * is the default, `fail(kind, n, text, reason)` makes the errors. */
export function serviceRequest(args, join, timeout, fail) {
  const path = string(args, 'url', fail);
  let method = args.method ?? 'GET';
  if (typeof method !== 'string') throw fail(INVALID_ARGUMENT, 0, 'method', 'expected a string');
  method = method.toUpperCase();
  let ms = args.timeout ?? timeout;
  if (typeof ms !== 'number' || !(ms >= 1 && ms <= 4294967295)) {
    throw fail(INVALID_ARGUMENT, 0, 'timeout', 'expected milliseconds > 0');
  }
  ms = Math.trunc(ms);
  const data = args.data;
  let url = join(path);
  const headers = new Headers();
  const init = { method, headers };
  if (data != null && (method === 'GET' || method === 'HEAD')) {
    const q = query(data);
    if (q) url += (url.includes('?') ? '&' : '?') + q;
  } else if (data instanceof FormData) {
    init.body = data;
  } else if (data != null) {
    headers.set('Content-Type', 'application/json');
    try {
      init.body = JSON.stringify(data);
    } catch (e) {
      throw fail(NETWORK, 0, describe(e));
    }
  }
  if (isObject(args.headers)) {
    for (const [k, v] of Object.entries(args.headers)) {
      try {
        headers.set(k, typeof v === 'string' ? v : '');
      } catch {
        throw fail(INVALID_ARGUMENT, 0, 'headers', 'invalid header');
      }
    }
  }
  try {
    return [new Request(url, init), ms];
  } catch {
    throw fail(INVALID_ARGUMENT, 0, 'url', 'not a valid URL');
  }
}

/** `{ok, status, contentType, headers, json | text | blob}` of a response. */
export async function serviceResult(response, asBlob, fail) {
  const contentType = response.headers.get('content-type') ?? '';
  const result = { ok: response.ok, status: response.status, contentType, headers: response.headers };
  if (response.status === 204) return result;
  if (asBlob) {
    try {
      result.blob = await response.blob();
    } catch (e) {
      throw fail(NETWORK, 0, describe(e));
    }
    return result;
  }
  const body = await text(response, fail);
  if (contentType.includes('json')) {
    try {
      result.json = JSON.parse(body);
      return result;
    } catch {}
  }
  result.text = body;
  return result;
}

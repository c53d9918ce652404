// `fetch` with a timeout, the auth endpoint's POST, and URLs resolved by the browser.

import { CONFIG, INVALID_ARGUMENT, NETWORK, TIMEOUT } from './core-abi.js';
import { describe } from './callbacks.js';

/** Browsers fire a timer above 2^31-1 ms at once: such delays are clamped. */
const MAX_DELAY = 2147483647;
/** What relative URLs resolve against, as for `fetch`. */
const BASE = globalThis.document?.baseURI ?? globalThis.location?.href;

/** `url` resolved from this page by the browser's own URL parser, the one `fetch` uses (so
 * no spelling of a URL can make the two disagree); null when it is not a URL. */
export function resolve(url) {
  try {
    return new URL(url, BASE);
  } catch {
    return null;
  }
}

/** The origin `url` has from this page; '' when it has none. */
export function originOf(url) {
  const origin = resolve(url)?.origin;
  return origin && origin !== 'null' ? origin : '';
}

/** `fetch` of `request` waiting for the headers, aborted after `ms` or by the caller's
 * `signal` (both reported as `timeout`), with the token `header` (`[name, value]`) set on the
 * request itself. `fail(kind, n, text)` makes the errors. */
export async function fetchWithin(request, ms, fail, signal, header) {
  if (header) {
    try {
      request.headers.set(header[0], header[1]);
    } catch {
      throw fail(CONFIG, 0, 'authHeader: not a valid header name');
    }
  }
  if (signal?.aborted) throw fail(TIMEOUT);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, Math.min(ms, MAX_DELAY));
  try {
    return await fetch(request, { signal: controller.signal });
  } catch (e) {
    // A bare TypeError ("Failed to fetch"): the browser hides the cause (CORS, DNS, refused
    // connection) from scripts on purpose.
    throw controller.signal.aborted ? fail(TIMEOUT, ms) : fail(NETWORK, 0, describe(e));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** A response body as text (no timeout: the headers already came). */
export async function text(response, fail) {
  try {
    return await response.text();
  } catch (e) {
    throw fail(NETWORK, 0, describe(e));
  }
}

/** POSTs a `[url, JSON body, timeout]` request to the auth endpoint: `[status, body text]`. */
export async function post([url, body, ms], fail) {
  let request;
  try {
    request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  } catch {
    throw fail(INVALID_ARGUMENT, 0, 'url', 'not a valid URL for fetch');
  }
  const response = await fetchWithin(request, ms, fail);
  return [response.status, await text(response, fail)];
}

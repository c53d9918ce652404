// Types of wasm-auth-client/service-client: the @netuno/service-client drop-in.
import type {
  ServiceArgs,
  ServiceClientSettings,
  ServiceFailure,
  ServiceResult,
} from './wasm_auth_client.js';

export type { ServiceClientSettings, ServiceFailure, ServiceResult };

/** A call: `@netuno/service-client`'s arguments. `success` and `fail` replace the configured
 * ones for this call. */
export interface ServiceCall<T = unknown> extends Omit<ServiceArgs<T>, 'fail'> {
  /** Called with the failure (also what the Promise rejects with). */
  fail?: (failure: ServiceFailure) => void;
}

/** Calls the API. Resolves with the result (and calls `success`); rejects with the failure
 * (and calls `fail`). The Promise never goes unhandled: a call in the callback style, or one
 * whose Promise is dropped, raises no unhandled rejection. */
declare function _service<T = unknown>(args: ServiceCall<T>): Promise<ServiceResult<T>>;
declare namespace _service {
  /** Sets `{prefix, headers, credentials, method, success, fail}` (headers merged) and
   * returns them; while the wasm could not load, returns `undefined` and sets them once a
   * retry loads it. */
  function config(settings?: ServiceClientSettings): ServiceClientSettings | undefined;
  /** Where a call to `url` goes: joined to the prefix unless absolute or already under it
   * (`''`, the default: the prefix itself, with its slash); a path prefix (`/services/`) on
   * a frontend dev server's port (3000, 5173, or ending in 30) points at the backend's (9000,
   * or ending in 90). */
  function url(url?: string): string;
  /** The same with the settings' `prefix` (else the configured one) and `url`. */
  function url(settings: { prefix?: string | null; url?: string }): string;
  function url(settings: { prefix?: string | null }, url: string): string;
  /** `url?` and {@link encodedParameters}, or `url` when `data` has no keys. */
  function urlWithEncodedParameters(url: string, data: object): string;
  /** `key=value&…` of `data`'s own keys: values through `encodeURIComponent` as `String()`
   * writes them (a nested object is `[object Object]`, an array its items joined by commas),
   * keys as they are. */
  function encodedParameters(data: object): string;
  /** `length` ASCII letters and digits, from `Math.random()` (not for secrets). */
  function randomString(length: number): string;
}
export default _service;

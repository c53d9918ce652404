// Types of wasm-auth-client/service-client: the @netuno/service-client drop-in.
import type { ServiceArgs, ServiceClientSettings, ServiceResult } from './wasm_auth_client.js';

declare function _service<T = unknown>(args: ServiceArgs<T>): Promise<ServiceResult<T>>;
declare namespace _service {
  /** Sets `{prefix, headers, credentials}` (headers merged) and returns them; while the wasm
   * could not load, returns `undefined` and sets them once a retry loads it. */
  function config(settings?: ServiceClientSettings): ServiceClientSettings | undefined;
}
export default _service;

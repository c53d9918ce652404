// Types of wasm-auth-client/netuno: the @netuno/auth-client drop-in.
import type { LoginArgs, Token } from './wasm_auth_client.js';
import type api from './index.js';

/** `_auth(args)` logs in; every function of the main entry is on it too. */
declare const _auth: ((args: LoginArgs) => Promise<Token>) & typeof api;
export default _auth;

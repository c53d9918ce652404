/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API prefix in `vite` dev mode, e.g. http://127.0.0.1:9000/services/ (default: this origin). */
  readonly VITE_API_PREFIX?: string;
}

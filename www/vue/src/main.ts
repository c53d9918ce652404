import { createApp } from 'vue';
import _auth from 'wasm-auth-client';
import App from './App.vue';
import './app.css';

// The built app is served by the API server itself, so the API is on this origin (in `vite` dev
// mode, point VITE_API_PREFIX at the API instead). Configured at module top level: while the wasm
// loads, the call is queued and made first once it is in; nothing is lost.
_auth.config({ prefix: import.meta.env.VITE_API_PREFIX ?? new URL('/services/', location.href).href });

createApp(App).mount('#app');

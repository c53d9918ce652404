// The Vue example (www/vue, built into www/vue/dist by www/build-examples) in headless
// Chromium against auth-test-server with 4-second access tokens: see lib/app-suite.mjs.
import { appSuite } from './lib/app-suite.mjs';

appSuite('vue', 'Vue');

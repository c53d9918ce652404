// The React example (www/react, built into www/react/dist by www/build-examples) in headless
// Chromium against auth-test-server with 4-second access tokens: see lib/app-suite.mjs.
import { appSuite } from './lib/app-suite.mjs';

appSuite('react', 'React');

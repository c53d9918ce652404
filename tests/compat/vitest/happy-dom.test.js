// @vitest-environment happy-dom
import { suite } from './suite.js';

suite('HappyDOM');

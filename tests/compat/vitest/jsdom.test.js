// @vitest-environment jsdom
import { suite } from './suite.js';

suite('jsdom');

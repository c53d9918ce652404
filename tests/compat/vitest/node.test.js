// @vitest-environment node
import { suite } from './suite.js';

suite(null);

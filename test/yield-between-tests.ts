// Setup for every test file: before each test, a turn of the event loop. A file of synchronous tests (the catalog's
// property checks take over a minute on a busy 2-core machine) otherwise never lets its worker read vitest's replies,
// and vitest reports "Timeout calling onTaskUpdate" after 60 s and fails the run although every test passed.
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

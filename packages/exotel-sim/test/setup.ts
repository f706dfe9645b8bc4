import { afterEach, expect } from 'vitest';
import { drift } from './conformance.js';

// Callback bodies are validated inside the receiving fetch, where a throw would only
// look like a failed delivery: the problems are collected and fail the test here.
afterEach(() => {
  const found = drift.splice(0);
  expect(found, 'StatusCallbacks that do not match spec/exotel.yaml').toEqual([]);
});

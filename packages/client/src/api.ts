// `@ringback/client/api`: the whole proxy API as a typed openapi-fetch client, for
// code that needs more than a call session (dashboards, tests, server-side checks).
export {
  createRingbackClient,
  type RingbackClient,
  type RingbackClientOptions,
} from './createRingbackClient.js';
export type { components, operations, paths } from './generated/ringback.js';

// `@ringback/client/api`: the whole proxy API as a typed openapi-fetch client, for
// code that needs more than a call session (dashboards, tests, server-side checks).

export type { components, operations, paths } from '@ringback/protocol';
export {
  createRingbackClient,
  type RingbackClient,
  type RingbackClientOptions,
} from './createRingbackClient.js';

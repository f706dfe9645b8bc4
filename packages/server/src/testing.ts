// `@ringback/server/testing`: the suite every Store passes, for stores written outside
// this package. Run it with Vitest (an optional peer dependency); nothing else imports it.

export {
  describeStoreContract,
  type StoreContractFactory,
} from './testing/describeStoreContract.js';
export { eventFor, sampleCall, sampleDelivery, sampleKey } from './testing/storeSamples.js';

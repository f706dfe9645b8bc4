import { createMemoryStore } from './memoryStore.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract('memory', { create: async () => createMemoryStore() });

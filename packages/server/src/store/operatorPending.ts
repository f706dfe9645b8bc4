import type { Store } from '../domain/Store.js';

type OperatorMethods =
  | 'listCalls'
  | 'addStats'
  | 'readStats'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'appendAudit'
  | 'listAudit'
  | 'subscribeAll';

// Temporary: the operator queries of this store are being written.
export function operatorPending(store: string): Pick<Store, OperatorMethods> {
  const pending = () => {
    throw new Error(`The ${store} store does not answer operator queries yet.`);
  };
  return {
    listCalls: async () => pending(),
    addStats: async () => pending(),
    readStats: async () => pending(),
    createSession: async () => pending(),
    getSession: async () => pending(),
    deleteSession: async () => pending(),
    appendAudit: async () => pending(),
    listAudit: async () => pending(),
    subscribeAll: () => pending(),
  };
}

import type { OperatorRole } from './api/types.js';

/** What an operator may do, by role (the server enforces the same; the console only hides). */
export interface Permissions {
  callBack: boolean;
  setAvailability: boolean;
  redeliver: boolean;
  readAudit: boolean;
}

export function permissionsOf(role: OperatorRole): Permissions {
  const acts = role === 'operator' || role === 'admin';
  return { callBack: acts, setAvailability: acts, redeliver: acts, readAudit: role === 'admin' };
}

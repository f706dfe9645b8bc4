import { base64url } from '../domain/callId.js';
import type { OperatorRole } from '../domain/consoleSchema.js';
import type { Logger } from '../domain/logger.js';
import type { AuditRecord, Store } from '../domain/Store.js';

/** What the audit log records, as the spec's `AuditEntry.action`. */
export type AuditAction =
  | 'log-in'
  | 'log-in-failed'
  | 'log-out'
  | 'call-back'
  | 'set-availability'
  | 'redeliver-webhook'
  | 'export-calls';

export interface AuditInput {
  actor: string;
  role: OperatorRole | null;
  action: AuditAction;
  target: string | null;
  ip: string;
  /** `ok`, or the problem code that refused it. */
  outcome: string;
}

let sequence = 0;
/**
 * Records of one millisecond are listed by id: a counter first keeps them in the order this
 * instance wrote them; random bytes after it keep instances' ids apart.
 */
function auditId(): string {
  sequence = (sequence + 1) % 1e10;
  const random = base64url(crypto.getRandomValues(new Uint8Array(9)));
  return `aud_${String(sequence).padStart(10, '0')}_${random}`;
}

/**
 * Appends to the audit log. The action has happened (or been refused) by then: when the
 * store cannot take the record, the action's answer still goes out and the record goes
 * to the error log instead, so it is not lost.
 */
export async function audit(
  store: Store,
  logger: Logger,
  now: number,
  input: AuditInput,
): Promise<void> {
  const record: AuditRecord = {
    id: auditId(),
    at: now,
    ...input,
  };
  try {
    await store.appendAudit(record);
  } catch (error) {
    logger.error({ msg: 'audit record not stored', audit: record, error });
  }
}

import type { components } from '@ringback/protocol';

type Schemas = components['schemas'];
export type AdminCall = Schemas['AdminCall'];
export type AdminCallDetail = Schemas['AdminCallDetail'];
export type AdminEvent = Schemas['AdminEvent'];
export type AdminAttempt = Schemas['AdminAttempt'];
export type AdminAgent = Schemas['AdminAgent'];
export type AdminSession = Schemas['AdminSession'];
export type AdminStats = Schemas['AdminStats'];
export type StatsFigures = Schemas['StatsFigures'];
export type AuditEntry = Schemas['AuditEntry'];
export type WebhookDelivery = Schemas['WebhookDeliveryView'];
export type CallState = Schemas['CallState'];
export type MissedReason = Schemas['MissedReason'];
export type OperatorRole = Schemas['OperatorRole'];
export type Problem = Schemas['Problem'];
/** A `state` filter: a call state, or `missed` for every miss. */
export type StateFilter = CallState | 'missed';

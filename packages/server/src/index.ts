export type { components as RingbackApi, paths as RingbackPaths } from '@ringback/protocol';
export { hashPassword } from './admin/passwords.js';
export type { AgentAvailability, AgentStatus } from './calls/agentAvailability.js';
export type { WebhookResult } from './calls/deliverWebhooks.js';
export type { ReconcileResult } from './calls/reconciler.js';
export type { RequestInfo } from './calls/ServerContext.js';
export { DEFAULT_GLOBAL_LIMIT, DEFAULT_LIMITS } from './config/validateConfig.js';
export { createRingbackServer, type RingbackServer } from './createRingbackServer.js';
export type {
  CheckedPhone,
  CreatePolicy,
  CreatePolicyContext,
  PolicyVerdict,
} from './domain/CreatePolicy.js';
export { type CallState, isFinal } from './domain/callState.js';
export { statsDayRollups, statsDeltas, ttcBin } from './domain/callStats.js';
export type { AttemptSnapshot, CallEventHook, CallSnapshot } from './domain/hooks.js';
export {
  createConsoleLogger,
  createJsonLogger,
  type LogEntry,
  type Logger,
} from './domain/logger.js';
export { PROBLEMS, Problem, type ProblemBody, type ProblemCode } from './domain/problem.js';
export type { PublicCall } from './domain/publicCall.js';
export type { ResolvedConfig, ResolvedWidget } from './domain/ResolvedConfig.js';
export type {
  BusinessHours,
  ExotelConfig,
  NumberType,
  RateWindow,
  RingbackConfig,
  StoreConfig,
  VerificationConfig,
  WebhookEndpointConfig,
  Weekday,
  WidgetConfig,
  WidgetLimits,
} from './domain/RingbackConfig.js';
export { type ConfigIssue, RingbackConfigError } from './domain/RingbackConfigError.js';
export type {
  AttemptRecord,
  AuditQuery,
  AuditRecord,
  CallContext,
  CallEvent,
  CallEventSource,
  CallListener,
  CallListQuery,
  CallRecord,
  ConsentRecord,
  IdempotencyRecord,
  Lease,
  OperatorSession,
  RateCheck,
  RateLimitResult,
  StatsDelta,
  StatsQuery,
  StatsRow,
  StatsScale,
  Store,
} from './domain/Store.js';
export { StoreUnavailableError } from './domain/StoreUnavailableError.js';
export { type AdminStats, readStatsReport, type StatsReportQuery } from './domain/statsReport.js';
export type { VerificationContext, VerificationResult, Verifier } from './domain/Verifier.js';
export {
  type MissedReason,
  WEBHOOK_EVENT_TYPES,
  type WebhookAttemptData,
  type WebhookCallData,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
  type WebhookDeliveryQuery,
  type WebhookDeliveryState,
  type WebhookErrorCode,
  type WebhookEventType,
  type WebhookPayload,
} from './domain/webhooks.js';
export { CREATE_POLICIES } from './policies/createPolicies.js';
export { createMemoryStore } from './store/memoryStore.js';

import {
  createSqliteStore as createSqliteStoreFromSubpath,
  type SqliteStoreOptions as SqliteStoreOptionsFromSubpath,
} from './store/sqliteStore.js';

/** @deprecated Import `createSqliteStore` from `@ringback/server/sqlite`; the main entry will stop exporting it. */
export const createSqliteStore = createSqliteStoreFromSubpath;
/** @deprecated Import `SqliteStoreOptions` from `@ringback/server/sqlite`. */
export type SqliteStoreOptions = SqliteStoreOptionsFromSubpath;
export {
  createHcaptchaVerifier,
  HCAPTCHA_ENDPOINT,
  type HcaptchaVerifierOptions,
} from './verification/hcaptchaVerifier.js';
export {
  createRecaptchaVerifier,
  RECAPTCHA_ENDPOINT,
  type RecaptchaVerifierOptions,
} from './verification/recaptchaVerifier.js';
export type { SiteVerifyOptions } from './verification/siteVerify.js';
export {
  createTurnstileVerifier,
  TURNSTILE_ENDPOINT,
  type TurnstileVerifierOptions,
} from './verification/turnstileVerifier.js';

export type { CallState } from './calls/callState.js';
export type { CallEventHook, CallSnapshot } from './calls/hooks.js';
export type { PublicCall } from './calls/publicCall.js';
export type { ReconcileResult } from './calls/reconciler.js';
export type {
  BusinessHours,
  ExotelConfig,
  NumberType,
  RateWindow,
  RingbackConfig,
  StoreConfig,
  VerificationConfig,
  Weekday,
  WidgetConfig,
  WidgetLimits,
} from './config/RingbackConfig.js';
export { type ConfigIssue, RingbackConfigError } from './config/RingbackConfigError.js';
export { DEFAULT_GLOBAL_LIMIT, DEFAULT_LIMITS } from './config/validateConfig.js';
export { createRingbackServer, type RingbackServer } from './createRingbackServer.js';
export type { components as RingbackApi, paths as RingbackPaths } from './generated/ringback.js';
export { createJsonLogger, type LogEntry, type Logger } from './log/logger.js';
export { PROBLEMS, type ProblemBody, type ProblemCode } from './problem.js';
export type { RequestInfo } from './serverContext.js';
export { createMemoryStore } from './store/memoryStore.js';
export type {
  CallEvent,
  CallEventSource,
  CallListener,
  CallRecord,
  IdempotencyRecord,
  RateCheck,
  RateLimitResult,
  Store,
} from './store/Store.js';
export { StoreUnavailableError } from './store/StoreUnavailableError.js';
export { createSqliteStore, type SqliteStoreOptions } from './store/sqliteStore.js';
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
export type { VerificationContext, VerificationResult, Verifier } from './verification/Verifier.js';

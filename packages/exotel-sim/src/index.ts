export { CALLBACK_EVENTS } from './callbackEvents.js';
export type { CallbackKind, JsonPayload } from './callbackPayload.js';
export type { CallbackAttempt, CallbackDelivery } from './callbacks.js';
export type {
  CallStatus,
  LegStatus,
  SimCall,
  SimCallEvent,
  SimCallEventType,
  SimLeg,
} from './callEngine.js';
export { DEFAULT_TIME_OUT, type LegAction, MAX_CALL_SECONDS } from './callEngine.js';
export { type ClockOptions, createClock, type SimClock, type SimTimer } from './clock.js';
export { CONTROL_ROUTES } from './controlApi.js';
export {
  createExotelSimulator,
  DEFAULT_CREDENTIALS,
  type ExotelSimulator,
  type ExotelSimulatorOptions,
  type SimCallView,
} from './createExotelSimulator.js';
export type { SimStats } from './exotelApi.js';
export {
  DEFAULT_FATE,
  type Fate,
  MAGIC_NUMBERS,
  magicFate,
  type ResolvedFate,
  type ScriptedNumber,
} from './fates.js';
export type {
  CallbackFault,
  FaultConfig,
  FaultController,
  FaultRoute,
  FaultTiming,
  HttpFault,
  QueuedFault,
} from './faults.js';
export { mulberry32 } from './mulberry32.js';
export { echoNumber, normalizeNumber } from './numbers.js';
export type {
  ConnectParams,
  StatusCallbackContentType,
  StatusCallbackEventType,
} from './validateConnect.js';

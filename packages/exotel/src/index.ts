export {
  createExotelClient,
  EXOTEL_BASE_URLS,
  type ExotelClient,
  type ExotelClientOptions,
  type GetCallOptions,
  type GetCallRetry,
} from './createExotelClient.js';
export {
  ExotelError,
  type ExotelErrorInit,
  type ExotelErrorKind,
  type ExotelForbiddenReason,
  isExotelError,
} from './ExotelError.js';
export { encodeConnectCallForm, toConnectCallRequest } from './encodeConnectCall.js';
export { EXOTEL_FINAL_STATUSES, isFinalExotelStatus } from './exotelCallStatus.js';
export { toIsoDateTime } from './exotelDateTime.js';
export type { components, paths, webhooks } from './generated/exotel.js';
export {
  type ParseStatusCallbackOptions,
  parseStatusCallback,
  parseStatusCallbackBody,
  STATUS_CALLBACK_MAX_BYTES,
  type StatusCallbackEvent,
  type StatusCallbackLeg,
  type StatusCallbackStatus,
} from './parseStatusCallback.js';
export { StatusCallbackError, type StatusCallbackErrorCode } from './StatusCallbackError.js';
export type {
  ConnectCallParams,
  ConnectCallRequest,
  ExotelCall,
  ExotelCallDetails,
  ExotelCallDetailsWire,
  ExotelCallLeg,
  ExotelCallStatus,
  ExotelCallWire,
  ExotelRegion,
  ExotelStatusReading,
  StatusCallbackEventType,
} from './types.js';

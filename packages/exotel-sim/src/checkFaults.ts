/** Validation of fault settings sent through the control API or `sim.faults`: clear messages, no throws. */
const isProbability = (v: unknown) =>
  v === undefined || (typeof v === 'number' && v >= 0 && v <= 1);
const isMs = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 86_400_000;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const ROUTES = ['connect', 'getCall', 'api'];

function checkKeys(value: Record<string, unknown>, allowed: string[], where: string) {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  return extra === undefined ? undefined : `Unknown field '${extra}' in ${where}`;
}

/** Why `value` is not a valid {@link FaultConfig}, or `undefined`. */
export function checkFaultConfig(value: unknown): string | undefined {
  if (!isObject(value)) return 'Fault config must be an object: {"http": {…}, "callbacks": {…}}';
  const top = checkKeys(value, ['http', 'callbacks'], 'fault config');
  if (top) return top;
  const { http, callbacks } = value;
  if (http !== undefined) {
    if (!isObject(http)) return "'http' must be an object";
    const bad = checkKeys(
      http,
      ['error', 'errorStatus', 'rateLimit', 'latency', 'latencyMs', 'reset', 'when', 'routes'],
      "'http'",
    );
    if (bad) return bad;
    for (const key of ['error', 'rateLimit', 'latency', 'reset']) {
      if (!isProbability(http[key])) return `http.${key} must be a probability from 0 to 1`;
    }
    if (http.errorStatus !== undefined && !isErrorStatus(http.errorStatus)) {
      return 'http.errorStatus must be an HTTP status from 500 to 599';
    }
    if (http.latencyMs !== undefined && !isMs(http.latencyMs)) {
      return 'http.latencyMs must be a number of milliseconds';
    }
    if (http.when !== undefined && http.when !== 'before' && http.when !== 'after') {
      return "http.when must be 'before' or 'after'";
    }
    if (
      http.routes !== undefined &&
      (!Array.isArray(http.routes) || !http.routes.every((r) => ROUTES.includes(r)))
    ) {
      return `http.routes must be a list of ${ROUTES.join(', ')}`;
    }
  }
  if (callbacks !== undefined) {
    if (!isObject(callbacks)) return "'callbacks' must be an object";
    const bad = checkKeys(
      callbacks,
      ['drop', 'duplicate', 'delay', 'delayMs', 'reorder'],
      "'callbacks'",
    );
    if (bad) return bad;
    for (const key of ['drop', 'duplicate', 'delay', 'reorder']) {
      if (!isProbability(callbacks[key]))
        return `callbacks.${key} must be a probability from 0 to 1`;
    }
    if (callbacks.delayMs !== undefined && !isMs(callbacks.delayMs)) {
      return 'callbacks.delayMs must be a number of milliseconds';
    }
  }
  return undefined;
}

function isErrorStatus(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 500 && v <= 599;
}

/** Why `value` is not a valid {@link QueuedFault}, or `undefined`. */
export function checkQueuedFault(value: unknown): string | undefined {
  if (!isObject(value)) return 'A queued fault must be an object: {"target": …, "fault": {…}}';
  const { target, fault, times, when, event } = value;
  if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 1)) {
    return "'times' must be a whole number from 1";
  }
  if (!isObject(fault)) return "'fault' must be an object with a 'type'";
  if (target === 'callback') {
    const bad = checkKeys(value, ['target', 'fault', 'event', 'times'], 'queued fault');
    if (bad) return bad;
    if (event !== undefined && !['answered', 'terminal', 'base'].includes(event as string)) {
      return "'event' must be 'answered', 'terminal' or 'base'";
    }
    switch (fault.type) {
      case 'drop':
      case 'duplicate':
      case 'reorder':
        return checkKeys(fault, ['type'], 'fault');
      case 'delay':
        return isMs(fault.ms)
          ? checkKeys(fault, ['type', 'ms'], 'fault')
          : "'ms' must be milliseconds";
      default:
        return `Unknown callback fault type ${JSON.stringify(fault.type)}: use drop, duplicate, delay or reorder`;
    }
  }
  if (!ROUTES.includes(target as string)) {
    return `'target' must be one of ${[...ROUTES, 'callback'].join(', ')}`;
  }
  const bad = checkKeys(value, ['target', 'fault', 'when', 'times'], 'queued fault');
  if (bad) return bad;
  if (when !== undefined && when !== 'before' && when !== 'after') {
    return "'when' must be 'before' or 'after'";
  }
  switch (fault.type) {
    case 'error':
      if (fault.status !== undefined && !isErrorStatus(fault.status)) {
        return "'status' must be an HTTP status from 500 to 599";
      }
      if (fault.message !== undefined && typeof fault.message !== 'string') {
        return "'message' must be a string";
      }
      if (fault.code !== undefined && !Number.isInteger(fault.code))
        return "'code' must be an integer";
      return checkKeys(fault, ['type', 'status', 'message', 'code'], 'fault');
    case 'rate-limit':
    case 'reset':
      return checkKeys(fault, ['type'], 'fault');
    case 'latency':
      return isMs(fault.ms)
        ? checkKeys(fault, ['type', 'ms'], 'fault')
        : "'ms' must be milliseconds";
    default:
      return `Unknown HTTP fault type ${JSON.stringify(fault.type)}: use error, rate-limit, latency or reset`;
  }
}

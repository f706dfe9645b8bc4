import { type CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseBusinessHours, type ResolvedHours } from '../domain/businessHours.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { NumberType, VerificationConfig, WidgetLimits } from '../domain/RingbackConfig.js';
import type { Verifier } from '../domain/Verifier.js';
import { createVerifier } from '../verification/createVerifier.js';
import { type Checker, e164 } from './configChecker.js';

export const NUMBER_TYPES: readonly NumberType[] = [
  'mobile',
  'fixed-line',
  'toll-free',
  'premium-rate',
  'shared-cost',
  'voip',
  'personal',
  'pager',
  'uan',
  'voicemail',
];

export const DEFAULT_LIMITS: Required<WidgetLimits> = {
  ip: [
    { limit: 5, windowSeconds: 600 },
    { limit: 20, windowSeconds: 86_400 },
  ],
  number: [
    { limit: 3, windowSeconds: 3600 },
    { limit: 10, windowSeconds: 86_400 },
  ],
  distinctNumbersPerIp: [{ limit: 3, windowSeconds: 3600 }],
  widget: [
    { limit: 60, windowSeconds: 3600 },
    { limit: 500, windowSeconds: 86_400 },
  ],
};

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DIGITS = /^\+?[0-9]{6,15}$/;
const COUNTRIES = new Set<string>(getCountries());
const WIDGET_FIELDS = new Set([
  'id',
  'from',
  'callerId',
  'countries',
  'numberTypes',
  'allowedOrigins',
  'timeLimit',
  'timeOut',
  'waitUrl',
  'record',
  'recordingChannels',
  'hours',
  'limits',
  'verification',
  'labels',
]);

function isVerifier(value: unknown): value is Verifier {
  return (
    !!value &&
    typeof (value as Verifier).verify === 'function' &&
    typeof (value as Verifier).siteKey === 'string'
  );
}

function checkVerification(
  c: Checker,
  value: unknown,
  path: string,
  fetchImpl: typeof fetch | undefined,
  redact: string[],
): Verifier | undefined {
  if (value === undefined) return undefined;
  if (isVerifier(value)) return value;
  if (!c.object(value, path)) return undefined;
  c.known(
    value,
    new Set(['provider', 'siteKey', 'secretKey', 'minScore', 'action', 'endpoint']),
    path,
  );
  const before = c.issues.length;
  if (!['turnstile', 'hcaptcha', 'recaptcha'].includes(value.provider as string)) {
    c.add(`${path}.provider`, 'must be "turnstile", "hcaptcha" or "recaptcha"');
  }
  c.string(value.siteKey, `${path}.siteKey`);
  if (c.string(value.secretKey, `${path}.secretKey`)) redact.push(value.secretKey as string);
  if (
    value.minScore !== undefined &&
    (typeof value.minScore !== 'number' || value.minScore < 0 || value.minScore > 1)
  ) {
    c.add(`${path}.minScore`, 'must be a number from 0 to 1');
  }
  if (value.action !== undefined) c.string(value.action, `${path}.action`);
  if (value.endpoint !== undefined) c.url(value.endpoint, `${path}.endpoint`, 'local-http-ok');
  if (c.issues.length > before) return undefined;
  return createVerifier(value as unknown as VerificationConfig, fetchImpl);
}

/** Checks one widget, adding an issue per bad field; `undefined` when any is bad. */
export function checkWidget(
  c: Checker,
  w: unknown,
  path: string,
  blocked: Set<string>,
  redact: string[],
): ResolvedWidget | undefined {
  if (!c.object(w, path)) return undefined;
  c.known(w, WIDGET_FIELDS, path);
  const before = c.issues.length;
  c.string(w.id, `${path}.id`, (s) =>
    ID.test(s) ? undefined : 'must be 1–64 letters, digits, "_" or "-"',
  );
  let from: string | undefined;
  if (c.string(w.from, `${path}.from`)) {
    from = e164(w.from as string);
    if (!from || !(w.from as string).startsWith('+'))
      c.add(
        `${path}.from`,
        `${JSON.stringify(w.from)} is not a valid E.164 number (e.g. "+919876543210")`,
      );
  }
  c.string(w.callerId, `${path}.callerId`, (s) =>
    DIGITS.test(s) ? undefined : 'must be the ExoPhone: 6–15 digits, optionally with a leading "+"',
  );

  const countries: string[] = [];
  if (!Array.isArray(w.countries) || w.countries.length === 0) {
    c.add(`${path}.countries`, 'must be a non-empty list of ISO country codes (e.g. ["IN"])');
  } else {
    w.countries.forEach((code, i) => {
      if (typeof code !== 'string' || !COUNTRIES.has(code))
        c.add(
          `${path}.countries[${i}]`,
          `${JSON.stringify(code)} is not a supported ISO country code`,
        );
      else countries.push(code);
    });
  }

  let numberTypes = new Set<NumberType>(['mobile', 'fixed-line']);
  if (w.numberTypes !== undefined) {
    if (!Array.isArray(w.numberTypes) || w.numberTypes.length === 0) {
      c.add(`${path}.numberTypes`, `must be a non-empty list of ${NUMBER_TYPES.join(', ')}`);
    } else {
      numberTypes = new Set();
      w.numberTypes.forEach((t, i) => {
        if (!NUMBER_TYPES.includes(t as NumberType))
          c.add(
            `${path}.numberTypes[${i}]`,
            `${JSON.stringify(t)} is not one of ${NUMBER_TYPES.join(', ')}`,
          );
        else numberTypes.add(t as NumberType);
      });
    }
  }

  const allowedOrigins = new Set<string>();
  if (!Array.isArray(w.allowedOrigins) || w.allowedOrigins.length === 0) {
    c.add(
      `${path}.allowedOrigins`,
      'must be a non-empty list of origins (e.g. ["https://shop.example.com"])',
    );
  } else {
    w.allowedOrigins.forEach((o, i) => {
      let origin: string | undefined;
      try {
        origin = typeof o === 'string' ? new URL(o).origin : undefined;
      } catch {}
      if (!origin || origin === 'null' || origin !== o) {
        c.add(
          `${path}.allowedOrigins[${i}]`,
          `${JSON.stringify(o)} is not an exact origin like "https://shop.example.com" (scheme, host, optional port; no path or trailing slash)`,
        );
      } else allowedOrigins.add(origin);
    });
  }

  const timeLimit = c.integer(w.timeLimit, `${path}.timeLimit`, 1, 14_400, 1800);
  const timeOut = c.integer(w.timeOut, `${path}.timeOut`, 1, 60, 30);
  const waitUrl =
    w.waitUrl === undefined ? undefined : c.url(w.waitUrl, `${path}.waitUrl`, 'required');
  const record = c.boolean(w.record, `${path}.record`, false);
  if (
    w.recordingChannels !== undefined &&
    w.recordingChannels !== 'single' &&
    w.recordingChannels !== 'dual'
  ) {
    c.add(`${path}.recordingChannels`, 'must be "single" or "dual"');
  } else if (w.recordingChannels !== undefined && !record) {
    c.add(`${path}.recordingChannels`, 'only applies with record: true');
  }

  const hours =
    w.hours === undefined
      ? undefined
      : c.object(w.hours, `${path}.hours`)
        ? parseBusinessHours(w.hours as never, `${path}.hours`, c.issues)
        : undefined;

  const limits = { ...DEFAULT_LIMITS };
  if (w.limits !== undefined && c.object(w.limits, `${path}.limits`)) {
    const l = w.limits;
    c.known(l, new Set(Object.keys(DEFAULT_LIMITS)), `${path}.limits`);
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof WidgetLimits)[]) {
      limits[key] = c.windows(l[key], `${path}.limits.${key}`, DEFAULT_LIMITS[key]);
    }
  }

  const labels: Record<string, string> = {};
  if (w.labels !== undefined && c.object(w.labels, `${path}.labels`)) {
    for (const [key, text] of Object.entries(w.labels)) {
      if (typeof text !== 'string' || text.length > 500)
        c.add(`${path}.labels.${key}`, 'must be a string of at most 500 characters');
      else labels[key] = text;
    }
  }

  const verifier = checkVerification(c, w.verification, `${path}.verification`, undefined, redact);
  if (c.issues.length > before) return undefined;

  // The widget never rings its own agent or ExoPhone as the visitor (a loop that costs twice).
  const exoPhone = parsePhoneNumberFromString(w.callerId as string, countries[0] as CountryCode);
  const ownNumbers = [from, exoPhone?.isValid() ? exoPhone.number : undefined];
  return {
    id: w.id as string,
    from: w.from as string,
    callerId: w.callerId as string,
    countries,
    defaultCountry: countries[0]!,
    numberTypes,
    allowedOrigins,
    timeLimit,
    timeOut,
    waitUrl,
    record,
    recordingChannels: w.recordingChannels as ResolvedWidget['recordingChannels'],
    hours,
    limits,
    verifier,
    labels,
    blocked: new Set([...blocked, ...ownNumbers.filter((n): n is string => !!n)]),
  };
}

export type { ResolvedWidget };

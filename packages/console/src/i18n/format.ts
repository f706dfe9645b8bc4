import type { ConsoleLocale } from './messages.js';

/** Dates, numbers and durations for one language, through `Intl`. */
export interface ConsoleFormat {
  /** `12 Mar 2027, 10:30 am`. */
  dateTime(iso: string): string;
  /** `Wed, 12 Mar`, in `timeZone` (the viewer's own without one). */
  day(iso: string, timeZone?: string): string;
  /** `12 Mar`, in `timeZone`: a chart's axis. */
  shortDay(iso: string, timeZone?: string): string;
  number(value: number): string;
  /** `0.825` → `82.5%`. */
  percent(value: number): string;
  /** Seconds as `1 min 05 s`, or `42 s`. */
  duration(seconds: number): string;
  /** `in 5 minutes`, from now. */
  inSeconds(seconds: number): string;
  /** A list of names: `a, b and c`. */
  list(items: string[]): string;
}

/** BCP 47 tags for Intl: Indian English and Hindi, digits and dates as read in India. */
const TAGS: Record<ConsoleLocale, string> = { en: 'en-IN', hi: 'hi-IN' };

export function createFormat(locale: ConsoleLocale): ConsoleFormat {
  const tag = TAGS[locale];
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const days = new Map<string, Intl.DateTimeFormat>();
  const inZone = (key: string, options: Intl.DateTimeFormatOptions, timeZone?: string) => {
    const id = `${key} ${timeZone ?? ''}`;
    let format = days.get(id);
    if (!format) {
      format = new Intl.DateTimeFormat(tag, { ...options, ...(timeZone ? { timeZone } : {}) });
      days.set(id, format);
    }
    return format;
  };
  const number = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const seconds = new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
  });
  const minutes = new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
  });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const list = new Intl.ListFormat(tag, { type: 'conjunction' });
  return {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    day: (iso, timeZone) =>
      inZone('day', { weekday: 'short', day: 'numeric', month: 'short' }, timeZone).format(
        new Date(iso),
      ),
    shortDay: (iso, timeZone) =>
      inZone('short', { day: 'numeric', month: 'short' }, timeZone).format(new Date(iso)),
    number: (value) => number.format(value),
    percent: (value) => percent.format(value),
    duration(value) {
      const whole = Math.round(value);
      if (whole < 60) return seconds.format(whole);
      return `${minutes.format(Math.floor(whole / 60))} ${seconds.format(whole % 60)}`;
    },
    inSeconds: (value) =>
      value < 90
        ? relative.format(Math.max(1, Math.round(value)), 'second')
        : value < 90 * 60
          ? relative.format(Math.ceil(value / 60), 'minute')
          : relative.format(Math.ceil(value / 3600), 'hour'),
    list: (items) => list.format(items),
  };
}

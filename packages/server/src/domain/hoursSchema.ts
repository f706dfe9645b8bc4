import * as v from 'valibot';
import { strict } from './configRules.js';

const RANGE = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM-HH:MM` as minutes since midnight; `undefined` if it is not such a range. */
export function parseRange(range: string): [start: number, end: number] | undefined {
  const m = RANGE.exec(range);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start >= 1440 || end > 1440 || start === end ? undefined : [start, end];
}

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
function isLocalDate(date: string): boolean {
  const m = DATE.exec(date);
  return (
    !!m &&
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().startsWith(date)
  );
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const weekdaySchema = v.picklist(WEEKDAYS, `unknown weekday; use ${WEEKDAYS.join(', ')}`);

const notTimeZone = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not an IANA time zone (e.g. "Asia/Kolkata")`;
const notRange = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not a range like "09:00-18:00" (24:00 only as an end; an end before the start runs past midnight)`;
const notDate = (issue: v.BaseIssue<unknown>) =>
  `${JSON.stringify(issue.input)} is not a date like "2026-01-26"`;

export const businessHoursSchema = strict({
  /** IANA time zone the schedule is written in. @example 'Asia/Kolkata' */
  timeZone: v.pipe(v.string(notTimeZone), v.check(isValidTimeZone, notTimeZone)),
  /**
   * Opening ranges per weekday, `HH:MM-HH:MM` in local time. A missing day is closed.
   * `24:00` ends a range at midnight; a range whose end is before its start runs past midnight.
   * @example { mon: ['09:00-13:00', '14:00-18:00'], sat: ['10:00-14:00'] }
   */
  weekly: v.pipe(
    v.record(
      weekdaySchema,
      v.array(
        v.pipe(
          v.string(notRange),
          v.check((range) => parseRange(range) !== undefined, notRange),
        ),
        'must be a list of ranges like "09:00-18:00"',
      ),
      'must be an object of weekday (mon…sun) to ranges like ["09:00-18:00"]',
    ),
    v.title('{ mon…sun: string[] }'),
  ),
  /** Local dates (`YYYY-MM-DD`) on which the widget is closed all day, e.g. public holidays. */
  closedDates: v.optional(
    v.array(
      v.pipe(v.string(notDate), v.check(isLocalDate, notDate)),
      'must be a list of dates like "2026-01-26"',
    ),
  ),
});

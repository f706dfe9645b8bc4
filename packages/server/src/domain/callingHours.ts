import { hoursStatus, type ResolvedHours } from './businessHours.js';

/** When automatic calls may ring a visitor, before the time zone is known. */
export interface CallingHoursRule {
  /** Minutes since local midnight. */
  from: number;
  to: number;
  /** The zone for a country with several (or none known): else the visitor's country's own. */
  timeZone: string | undefined;
}

/** 09:00–21:00, as India's telemarketing rules expect of calls a person did not just ask for. */
export const DEFAULT_CALLING_HOURS: CallingHoursRule = {
  from: 9 * 60,
  to: 21 * 60,
  timeZone: undefined,
};

/** The one IANA zone of a country, when it has exactly one. */
export function countryTimeZone(country: string): string | undefined {
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & {
      getTimeZones?: () => string[];
      timeZones?: string[];
    };
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    return zones?.length === 1 ? zones[0] : undefined;
  } catch {
    return undefined;
  }
}

const cache = new Map<string, ResolvedHours>();

/**
 * The calling hours for a visitor of `country`, as business hours every day: in the
 * country's own zone when it has one, else the rule's `timeZone`, else `fallbackZone`.
 */
export function callingHoursFor(
  rule: CallingHoursRule,
  country: string,
  fallbackZone: string,
): ResolvedHours {
  const timeZone = countryTimeZone(country) ?? rule.timeZone ?? fallbackZone;
  const key = `${rule.from}-${rule.to}-${timeZone}`;
  let hours = cache.get(key);
  if (!hours) {
    const range: [number, number] = [rule.from, rule.to];
    hours = { timeZone, weekly: Array.from({ length: 7 }, () => [range]), closedDates: new Set() };
    cache.set(key, hours);
  }
  return hours;
}

/** `at` if it is inside `hours`, else their next opening (`null`: never). */
export function nextInside(hours: ResolvedHours, at: number): number | null {
  const status = hoursStatus(hours, at);
  return status.open ? at : status.nextOpening;
}

/**
 * The first instant from `at` inside both `shop` (the widget's hours; always, without)
 * and `calling` (calling hours), or `null` when none comes within four weeks of steps.
 */
export function nextInsideBoth(
  shop: ResolvedHours | undefined,
  calling: ResolvedHours,
  at: number,
): number | null {
  let t = at;
  for (let step = 0; step < 28; step++) {
    const open = shop ? nextInside(shop, t) : t;
    if (open === null) return null;
    const both = nextInside(calling, open);
    if (both === null) return null;
    if (both === open && (!shop || hoursStatus(shop, both).open)) return both;
    t = both;
  }
  return null;
}

import { localDay, openingRanges, type ResolvedHours } from './businessHours.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** One bookable callback slot, ms since epoch. */
export interface SlotRange {
  start: number;
  end: number;
}

export interface SlotOptions {
  /** The widget's business hours: slots are cut from each opening, from its start. */
  hours: ResolvedHours;
  /** Each agent's own hours; `undefined` for an agent who takes calls whenever the widget does. */
  agentHours: readonly (ResolvedHours | undefined)[];
  slotMinutes: number;
  /** Local dates, today included. */
  days: number;
  now: number;
}

/** Merged union of sorted-or-not ranges. */
function union(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

const within = (ranges: [number, number][], start: number, end: number) =>
  ranges.some(([s, e]) => s <= start && end <= e);

/**
 * The callback slots of a widget that have not started: each opening of its hours on the
 * local dates today … today + `days` - 1 cut into `slotMinutes` pieces from the opening's
 * start (a piece that would run past the closing is left out), kept when some agent's
 * hours cover it whole. Closed dates and daylight-saving changes follow from the hours.
 */
export function computeSlots(options: SlotOptions): SlotRange[] {
  const { hours, slotMinutes, days, now } = options;
  const today = localDay(now, hours.timeZone);
  const lastDayEnd = today + days * DAY_MS;
  // Openings that start on the listed dates (one day more, for a range past midnight).
  const openings = openingRanges(hours, today - DAY_MS, days + 1);
  const agents = options.agentHours.some((h) => h === undefined)
    ? undefined
    : union(
        options.agentHours.flatMap((h) =>
          openingRanges(h!, localDay(now, h!.timeZone) - DAY_MS, days + 2),
        ),
      );
  const length = slotMinutes * MINUTE_MS;
  const slots: SlotRange[] = [];
  for (const [openStart, openEnd] of openings) {
    if (localDay(openStart, hours.timeZone) >= lastDayEnd) continue;
    for (let start = openStart; start + length <= openEnd; start += length) {
      if (start <= now) continue;
      if (localDay(start, hours.timeZone) >= lastDayEnd) break;
      const end = start + length;
      if (agents && !within(agents, start, end)) continue;
      slots.push({ start, end });
    }
  }
  return slots;
}

/** The slot that starts exactly at `start`, if the widget offers it now. */
export function findSlot(options: SlotOptions, start: number): SlotRange | undefined {
  return computeSlots(options).find((slot) => slot.start === start);
}

/** The slot options of a widget that offers slots, for `days` local dates from `now`. */
export function widgetSlotOptions(
  widget: {
    hours: ResolvedHours | undefined;
    agents: readonly { hours: ResolvedHours | undefined }[];
    schedule: { slotMinutes: number } | undefined;
  },
  now: number,
  days: number,
): SlotOptions | undefined {
  if (!widget.hours || !widget.schedule) return undefined;
  return {
    hours: widget.hours,
    agentHours: widget.agents.map((a) => a.hours),
    slotMinutes: widget.schedule.slotMinutes,
    days,
    now,
  };
}

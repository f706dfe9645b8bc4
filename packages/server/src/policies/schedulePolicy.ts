import { hoursStatus } from '../domain/businessHours.js';
import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { callingHoursFor } from '../domain/callingHours.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { Store } from '../domain/Store.js';
import type { SlotRange } from '../domain/slots.js';
import { findSlot, widgetSlotOptions } from '../domain/slots.js';
import { slotPlaceKey } from '../domain/storeKeys.js';

/** The widget's slots that are not full: every place of a slot is a lease, shared by every instance. */
export async function freeSlots(
  store: Store,
  widget: ResolvedWidget,
  slots: SlotRange[],
  now: number,
): Promise<SlotRange[]> {
  const capacity = widget.schedule?.capacityPerSlot ?? 1;
  const keys = slots.flatMap((slot) =>
    Array.from({ length: capacity }, (_, i) => slotPlaceKey(widget.id, slot.start, i)),
  );
  const taken = keys.length > 0 ? await store.readLeases(keys, now) : new Map();
  return slots.filter((slot) =>
    Array.from({ length: capacity }, (_, i) => slotPlaceKey(widget.id, slot.start, i)).some(
      (key) => !taken.has(key),
    ),
  );
}

const unavailable = (why: string) =>
  new Problem('slot_unavailable', `${why}; list the slots again and pick another.`);

/**
 * A booked callback (`scheduledFor`): the widget offers slots, this is one of them (a
 * slot start, not started, within `daysAhead`, covered by an agent), it is not full, and
 * it is inside calling hours for the visitor's number. Before the limits, so a refused
 * booking costs the visitor nothing.
 */
export const schedulePolicy: CreatePolicy = {
  name: 'schedule',
  codes: ['scheduling_disabled', 'slot_unavailable'],
  async check({ body, widget, now, phone, store }) {
    if (body.scheduledFor === undefined) return undefined;
    if (!phone) throw new Error('the schedule policy needs the phone policy before it');
    const options = widgetSlotOptions(widget, now, widget.schedule?.daysAhead ?? 0);
    if (!options)
      return new Problem('scheduling_disabled', 'This widget offers no callback slots.');
    const slot = findSlot(options, Date.parse(body.scheduledFor));
    if (!slot) return unavailable('This time is not an offered slot');
    const calling = callingHoursFor(widget.callingHours, phone.country, options.hours.timeZone);
    if (!hoursStatus(calling, slot.start).open)
      return unavailable('This slot is outside the hours your number may be called');
    if ((await freeSlots(store, widget, [slot], now)).length === 0)
      return unavailable('This slot is full');
    return undefined;
  },
};

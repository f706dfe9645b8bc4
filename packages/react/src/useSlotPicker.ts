import { DAY, formatWhen, TIME } from './formatters.js';
import { useEffect, useState } from './react.js';
import type { CallSessionState } from './useCallSession.js';
import type { WidgetContext } from './usePhoneField.js';

/**
 * The endings after which a callback is offered instead of leaving the visitor with
 * nothing, and the refusal of a slot taken meanwhile (offered again, read again).
 */
const MISSED = ['agent-unavailable', 'not-answered', 'busy', 'expired', 'slot_unavailable'];

/** One day's slots in the list: the day, and each slot's start with its time. */
export interface SlotGroup {
  /** The day in the shop's time zone: `Wed, 2 Dec`. */
  day: string;
  /** Each slot's `start` (what is booked) and its time: `10:30 am`, `10:30 am IST`. */
  slots: { start: string; time: string }[];
}

/**
 * "Call me at…": while the business is closed, or after a call that found nobody or
 * that the visitor missed, the widget's free callback slots (when it offers them) as a
 * list grouped by day, in the visitor's language and the shop's time zone, named when
 * it is not the visitor's. The picked slot is what the form books.
 */
export function useSlotPicker(state: CallSessionState, { locale, id }: WidgetContext) {
  const { session, snapshot, isBusy, isLive, isClosed } = state;
  const { widget, status, slots, error } = snapshot;
  const offered =
    !!widget?.schedule &&
    !isBusy &&
    !isLive &&
    (isClosed || MISSED.includes(status === 'error' ? error!.code : status));
  // Read again at each change: a slot may have been taken meanwhile.
  useEffect(() => {
    if (offered) void session.loadSlots();
  }, [offered, status, session]);
  const [picked, pick] = useState('');

  const list = (offered && slots?.slots) || [];
  const groups: SlotGroup[] = [];
  for (const { start } of list) {
    const date = new Date(start);
    const day = formatWhen(date, locale, slots!.timeZone, DAY);
    if (groups.at(-1)?.day !== day) groups.push({ day, slots: [] });
    groups.at(-1)!.slots.push({ start, time: formatWhen(date, locale, slots!.timeZone, TIME) });
  }
  /** The slot the form books: the one picked, else the first. */
  const scheduledFor = list.some((s) => s.start === picked) ? picked : list[0]?.start;

  return {
    /** The free slots by day; empty when none are offered now. */
    slotGroups: groups,
    /** The slot a submit books, when slots are offered. */
    scheduledFor,
    /** A native listbox (`<select size>`): arrow keys, type-ahead and day groups for free. */
    slotSelectProps: {
      id: `${id}t`,
      size: Math.min(list.length + groups.length, 5),
      value: scheduledFor ?? '',
      onChange: (event: { target: { value: string } }) => pick(event.target.value),
    },
  };
}

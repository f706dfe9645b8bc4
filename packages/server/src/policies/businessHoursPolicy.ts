import { hoursStatus } from '../domain/businessHours.js';
import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';

/**
 * Calls only while the widget's business hours are open; the refusal says when they open.
 * A booked callback (`scheduledFor`) is checked against its slot instead (`schedule`).
 */
export const businessHoursPolicy: CreatePolicy = {
  name: 'business-hours',
  codes: ['closed'],
  check({ widget, now, body }) {
    if (body.scheduledFor !== undefined) return undefined;
    const hours = hoursStatus(widget.hours, now);
    if (hours.open) return undefined;
    const nextOpening =
      hours.nextOpening === null ? null : new Date(hours.nextOpening).toISOString();
    return new Problem(
      'closed',
      nextOpening
        ? `Calls are accepted again from ${nextOpening}.`
        : 'Calls are not being accepted.',
      { nextOpening },
    );
  },
};

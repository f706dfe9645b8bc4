import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { ipRateKey } from './ipRateKey.js';
import { enforceRateLimits } from './rateLimits.js';

/**
 * The sliding-window limits (per visitor address, per number, distinct numbers per
 * address, per widget, global). Last, because passing charges every limit: nothing
 * refused by an earlier policy spends the visitor's budget.
 */
export const rateLimitPolicy: CreatePolicy = {
  name: 'rate-limits',
  codes: ['rate_limited'],
  async check({ store, widget, config, clientIp, phone, now, verified, body, operator }) {
    if (!phone) throw new Error('the rate-limits policy needs the phone policy before it');
    // A widget that challenges under pressure lets verified visitors past its own limit:
    // the attacker pays per request instead of closing the door on everyone.
    const pastWidgetLimit = verified && widget.verifyWhen === 'under-pressure';
    let limits = pastWidgetLimit ? { ...widget.limits, widget: [] } : widget.limits;
    // An operator's call-back has no visitor address: the number's, the widget's and the
    // global limits apply, not the office's address.
    if (operator) limits = { ...limits, ip: [], distinctNumbersPerIp: [] };
    await enforceRateLimits(
      store,
      {
        widgetId: widget.id,
        limits,
        // A booked callback spends Exotel's budget when it is placed, not now.
        globalLimit: body.scheduledFor === undefined ? config.globalLimit : undefined,
        ip: ipRateKey(clientIp),
        number: phone.e164,
      },
      now,
    );
    return undefined;
  },
};

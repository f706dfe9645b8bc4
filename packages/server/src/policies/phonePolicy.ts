import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { validatePhone } from './validatePhone.js';

/**
 * The visitor's number, re-read with libphonenumber's full metadata: valid, in an
 * allowed country, of an allowed type, not blocked. Sets `context.phone` (E.164) for
 * the policies after it.
 */
export const phonePolicy: CreatePolicy = {
  name: 'phone',
  codes: ['invalid_phone', 'country_not_allowed', 'number_type_not_allowed', 'number_blocked'],
  check(context) {
    const { body, widget } = context;
    context.phone = validatePhone(body.phone, body.country, {
      countries: widget.countries,
      defaultCountry: widget.defaultCountry,
      numberTypes: widget.numberTypes,
      blocked: widget.blocked,
    });
    return undefined;
  },
};

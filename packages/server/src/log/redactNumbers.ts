// A run of six or more digits, with the spaces, dashes, dots and brackets people and
// Exotel write numbers with, optionally behind a `+`: a phone number as text.
const NUMBER = /\+?\d(?:[\d\s().-]{4,}\d)/g;

/**
 * Text from outside (an Exotel error message, say) with every phone number in it
 * replaced by `[number]`. Exotel's NDNC refusal quotes the visitor's number ("Call to
 * 09876… can not be made…"); logs must never carry it.
 */
export function redactNumbers(text: string): string {
  return text.replace(NUMBER, (match) =>
    match.replace(/\D/g, '').length >= 6 ? '[number]' : match,
  );
}

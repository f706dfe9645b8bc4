import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type * as v from 'valibot';
import { parseBusinessHours } from '../domain/businessHours.js';
import { e164 } from '../domain/configRules.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { ConfigIssue } from '../domain/RingbackConfigError.js';
import type { Verifier } from '../domain/Verifier.js';
import type { widgetSchema } from '../domain/widgetSchema.js';
import { createVerifier } from '../verification/createVerifier.js';

/** A widget as the schema passed it, defaults filled in. */
type CheckedWidget = v.InferOutput<typeof widgetSchema>;

/**
 * What the server runs a checked widget on: sets, parsed hours, the verifier. Secrets it
 * holds are added to `redact`; a problem the schema could not see, to `issues`.
 */
/**
 * The business's own numbers in a widget: its agent and its ExoPhone, in E.164. No
 * widget may ring any of them as the visitor (a loop that costs twice, or a way for a
 * page to ring another team's agent).
 */
export function ownNumbers(widget: CheckedWidget): string[] {
  const exoPhone = parsePhoneNumberFromString(widget.callerId, widget.countries[0] as CountryCode);
  return [e164(widget.from), exoPhone?.isValid() ? exoPhone.number : undefined].filter(
    (n): n is string => !!n,
  );
}

export function resolveWidget(
  widget: CheckedWidget,
  path: string,
  blocked: ReadonlySet<string>,
  redact: string[],
  issues: ConfigIssue[],
): ResolvedWidget {
  const { verification } = widget;
  // A Verifier object is used as given; settings build one of the shipped verifiers.
  const settings = verification && !('verify' in verification) ? verification : undefined;
  if (settings) redact.push(settings.secretKey);
  return {
    id: widget.id,
    from: widget.from,
    callerId: widget.callerId,
    countries: widget.countries,
    defaultCountry: widget.countries[0]!,
    numberTypes: new Set(widget.numberTypes),
    allowedOrigins: new Set(widget.allowedOrigins),
    timeLimit: widget.timeLimit,
    timeOut: widget.timeOut,
    waitUrl: widget.waitUrl,
    record: widget.record,
    recordingChannels: widget.recordingChannels,
    hours: widget.hours && parseBusinessHours(widget.hours, `${path}.hours`, issues),
    limits: widget.limits,
    verifier: settings ? createVerifier(settings) : (verification as Verifier | undefined),
    verifyWhen: widget.verifyWhen,
    pressureShare: widget.pressureShare,
    labels: widget.labels,
    blocked: new Set(blocked),
  };
}

import type { components } from '@ringback/protocol';
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

type LocalizedText = components['schemas']['LocalizedText'];
type WidgetField = components['schemas']['WidgetField'];

/** A configured text as the widget reads it: `{ en, hi? }`. */
function localized(text: string | LocalizedText): LocalizedText {
  return typeof text === 'string' ? { en: text } : text;
}

const DEFAULT_MAX_LENGTH = { text: 200, textarea: 1000 } as const;

/** A configured field with its defaults filled in, as published. */
function resolveField(field: NonNullable<CheckedWidget['fields']>[number]): WidgetField {
  const options = field.options?.map((o) =>
    typeof o === 'string'
      ? { value: o, label: { en: o } }
      : { value: o.value, label: o.label ? localized(o.label) : { en: o.value } },
  );
  return {
    id: field.id,
    label: localized(field.label),
    type: field.type,
    ...(options ? { options } : {}),
    required: field.required,
    maxLength:
      field.maxLength ??
      (options
        ? Math.max(...options.map((o) => o.value.length))
        : DEFAULT_MAX_LENGTH[field.type as 'text' | 'textarea']),
  };
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const retryRule = (rule: { attempts: number; afterMinutes: number } | undefined) => ({
  attempts: rule?.attempts ?? 0,
  afterMs: (rule?.afterMinutes ?? 0) * 60_000,
});

/** The id `from` stands for: a widget with `from` has one agent. */
export const DEFAULT_AGENT_ID = 'default';

/** A widget's agents as configured, `from` being one agent. */
function agentsOf(widget: CheckedWidget): NonNullable<CheckedWidget['agents']> {
  return widget.agents ?? [{ id: DEFAULT_AGENT_ID, number: widget.from! }];
}

function exoPhoneOf(widget: CheckedWidget): string | undefined {
  const exoPhone = parsePhoneNumberFromString(widget.callerId, widget.countries[0] as CountryCode);
  return exoPhone?.isValid() ? exoPhone.number : undefined;
}

/**
 * The business's own numbers in a widget: its agents and its ExoPhone, in E.164. No
 * widget may ring any of them as the visitor (a loop that costs twice, or a way for a
 * page to ring another team's agent).
 */
export function ownNumbers(widget: CheckedWidget): string[] {
  return [...agentsOf(widget).map((a) => e164(a.number)), exoPhoneOf(widget)].filter(
    (n): n is string => !!n,
  );
}

/**
 * What the server runs a checked widget on: sets, parsed hours, the verifier. Secrets it
 * holds are added to `redact`; a problem the schema could not see, to `issues`.
 */
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
  const exoPhone = exoPhoneOf(widget);
  const agents = agentsOf(widget).map((agent, i) => {
    const number = e164(agent.number)!;
    const where = widget.agents ? `${path}.agents[${i}]` : `${path}.from`;
    if (number === exoPhone)
      issues.push({
        path: widget.agents ? `${where}.number` : where,
        message: "is the widget's callerId (the ExoPhone): an agent must be a person's phone",
      });
    return {
      id: agent.id,
      number,
      name: agent.name ?? null,
      hours: agent.hours && parseBusinessHours(agent.hours, `${where}.hours`, issues),
    };
  });
  const routing = widget.routing ?? { strategy: 'sequential' as const, maxAttempts: 3 };
  return {
    id: widget.id,
    agents,
    routing: {
      strategy: routing.strategy,
      maxAttempts: Math.min(routing.maxAttempts, agents.length),
      group: !!widget.agents,
    },
    callerId: widget.callerId,
    countries: widget.countries,
    defaultCountry: widget.countries[0]!,
    numberTypes: new Set(widget.numberTypes),
    allowedOrigins: new Set(widget.allowedOrigins),
    timeLimit: widget.timeLimit,
    timeOut: widget.routing?.ringSeconds ?? widget.timeOut,
    undoSeconds: widget.undoSeconds,
    waitUrl: widget.waitUrl,
    record: widget.record,
    recordingChannels: widget.recordingChannels,
    hours: widget.hours && parseBusinessHours(widget.hours, `${path}.hours`, issues),
    schedule: widget.schedule,
    retry: {
      visitorMissed: retryRule(widget.retry?.visitorMissed),
      agentsUnavailable: retryRule(widget.retry?.agentsUnavailable),
    },
    callingHours: {
      from: minutes(widget.callingHours?.from ?? '09:00'),
      to: minutes(widget.callingHours?.to ?? '21:00'),
      timeZone: widget.callingHours?.timeZone ?? widget.hours?.timeZone,
    },
    limits: widget.limits,
    verifier: settings ? createVerifier(settings) : (verification as Verifier | undefined),
    verifyWhen: widget.verifyWhen,
    pressureShare: widget.pressureShare,
    labels: widget.labels,
    fields: (widget.fields ?? []).map(resolveField),
    consent: widget.consent
      ? { text: localized(widget.consent.text), required: widget.consent.required }
      : null,
    collectContext: widget.collectContext,
    blocked: new Set(blocked),
  };
}

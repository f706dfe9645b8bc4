// The configuration's types, as the schema (configSchema.ts) accepts them. Each field's
// documentation is its JSDoc there.
import type * as v from 'valibot';
import type { exotelConfigSchema, ringbackConfigSchema } from './configSchema.js';
import type { businessHoursSchema, weekdaySchema } from './hoursSchema.js';
import type { webhookEndpointSchema } from './webhookSchema.js';
import type {
  numberTypeSchema,
  rateWindowSchema,
  verificationConfigSchema,
  widgetLimitsSchema,
  widgetSchema,
} from './widgetSchema.js';

/** A number type as classified by libphonenumber's full ("max") metadata. */
export type NumberType = v.InferInput<typeof numberTypeSchema>;

export type Weekday = v.InferInput<typeof weekdaySchema>;

/** When a widget accepts calls. Without `hours` a widget is always open. */
export type BusinessHours = v.InferInput<typeof businessHoursSchema>;

/** At most `limit` calls in any `windowSeconds`-long window. */
export type RateWindow = v.InferInput<typeof rateWindowSchema>;

/** Abuse limits of one widget. Each list replaces its default when given. */
export type WidgetLimits = v.InferInput<typeof widgetLimitsSchema>;

/** Declarative human-verification settings; or pass a `Verifier` object. */
export type VerificationConfig = v.InferInput<typeof verificationConfigSchema>;

export type WidgetConfig = v.InferInput<typeof widgetSchema>;

export type ExotelConfig = v.InferInput<typeof exotelConfigSchema>;

/** One endpoint that receives call events as signed webhooks. */
export type WebhookEndpointConfig = v.InferInput<typeof webhookEndpointSchema>;

/** A `Store` object, or the settings of one the server opens (and closes) itself. */
export type StoreConfig = NonNullable<RingbackConfig['store']>;

export type RingbackConfig = v.InferInput<typeof ringbackConfigSchema>;

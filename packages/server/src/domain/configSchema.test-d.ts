import type * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { CreatePolicy } from './CreatePolicy.js';
import type { ringbackConfigSchema } from './configSchema.js';
import type { CallEventHook } from './hooks.js';
import type { Logger } from './logger.js';
import type {
  RateWindow,
  RingbackConfig,
  StoreConfig,
  VerificationConfig,
  Weekday,
  WidgetConfig,
} from './RingbackConfig.js';
import type { Store } from './Store.js';
import type { Verifier } from './Verifier.js';

describe('the configuration types derived from the schema', () => {
  it('types the objects the config holds as themselves', () => {
    expectTypeOf<RingbackConfig['exotel']['fetch']>().toEqualTypeOf<typeof fetch | undefined>();
    expectTypeOf<RingbackConfig['policies']>().toEqualTypeOf<CreatePolicy[] | undefined>();
    expectTypeOf<RingbackConfig['onCallEvent']>().toEqualTypeOf<CallEventHook | undefined>();
    expectTypeOf<RingbackConfig['logger']>().toEqualTypeOf<Logger | false | undefined>();
    expectTypeOf<RingbackConfig['now']>().toEqualTypeOf<(() => number) | undefined>();
    expectTypeOf<WidgetConfig['verification']>().toEqualTypeOf<
      VerificationConfig | Verifier | undefined
    >();
    expectTypeOf<StoreConfig>().toEqualTypeOf<
      | Store
      | { type: 'memory' }
      | { type: 'sqlite'; path: string }
      | { type: 'redis'; url: string; prefix?: string | undefined }
    >();
  });

  it('leaves fields with a default optional in the input, and filled in the output', () => {
    expectTypeOf<WidgetConfig['timeLimit']>().toEqualTypeOf<number | undefined>();
    type Checked = v.InferOutput<typeof ringbackConfigSchema>;
    expectTypeOf<Checked['widgets'][number]['timeLimit']>().toEqualTypeOf<number>();
    expectTypeOf<Checked['globalLimit']>().toEqualTypeOf<RateWindow>();
    expectTypeOf<NonNullable<WidgetConfig['hours']>['weekly']>().toEqualTypeOf<
      Partial<Record<Weekday, string[]>>
    >();
  });
});

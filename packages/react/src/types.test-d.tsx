import type { ComponentProps } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CallEndedEvent,
  ClickToCall,
  type ClickToCallMessages,
  type ClickToCallProps,
  type ClickToCallState,
  type FinalCallState,
  type SlotGroup,
  useClickToCall,
} from './index.js';

describe('ClickToCall props', () => {
  it('requires an endpoint and a widget id', () => {
    // @ts-expect-error endpoint and widgetId are required
    <ClickToCall />;
    // @ts-expect-error widgetId is required
    <ClickToCall endpoint="https://x.example" />;
    <ClickToCall endpoint="https://x.example" widgetId="support" />;
  });

  it('keeps the theme and direction closed', () => {
    // @ts-expect-error light, dark or auto
    <ClickToCall endpoint="e" widgetId="w" theme="sepia" />;
    // @ts-expect-error ltr or rtl
    <ClickToCall endpoint="e" widgetId="w" dir="up" />;
    <ClickToCall endpoint="e" widgetId="w" theme="dark" dir="rtl" />;
  });

  it('types messages, callbacks and custom properties', () => {
    <ClickToCall
      endpoint="e"
      widgetId="w"
      messages={{ submit: 'Ring me' }}
      onCallEnded={(event) => expectTypeOf(event).toEqualTypeOf<CallEndedEvent>()}
      onValueChange={(value, phone) => {
        expectTypeOf(value).toBeString();
        expectTypeOf(phone.e164).toEqualTypeOf<string | null>();
      }}
      style={{ '--ringback-accent': '#7b1fa2', margin: 0 }}
    />;
    // @ts-expect-error unknown message key
    <ClickToCall endpoint="e" widgetId="w" messages={{ callMe: 'Ring me' }} />;
    expectTypeOf<CallEndedEvent['state']>().toEqualTypeOf<FinalCallState>();
    expectTypeOf<ComponentProps<typeof ClickToCall>>().toEqualTypeOf<ClickToCallProps>();
    expectTypeOf<ClickToCallMessages['submit']>().toBeString();
  });
});

describe('useClickToCall', () => {
  it('returns state and prop bags for each part', () => {
    expectTypeOf(useClickToCall).returns.toEqualTypeOf<ClickToCallState>();
    expectTypeOf<ClickToCallState['phoneInputProps']['type']>().toBeString();
    expectTypeOf<ClickToCallState['submitButtonProps']['type']>().toEqualTypeOf<'submit'>();
    expectTypeOf<ClickToCallState['statusProps']['aria-live']>().toEqualTypeOf<'polite'>();
    expectTypeOf<ClickToCallState['countrySelectProps']['value']>().toBeString();
    expectTypeOf<ClickToCallState['canRetry']>().toBeBoolean();
  });
});

describe('useClickToCall: callback slots', () => {
  it('returns the slots by day, the slot a submit books and the list’s prop bag', () => {
    expectTypeOf<ClickToCallState['slotGroups']>().toEqualTypeOf<SlotGroup[]>();
    expectTypeOf<ClickToCallState['scheduledFor']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ClickToCallState['slotSelectProps']['value']>().toEqualTypeOf<string>();
    expectTypeOf<ClickToCallMessages['slots']>().toEqualTypeOf<string>();
  });
});

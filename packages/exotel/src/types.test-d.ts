import { describe, expectTypeOf, it } from 'vitest';
import {
  type ConnectCallParams,
  createExotelClient,
  type ExotelCall,
  type ExotelCallDetails,
  type ExotelCallStatus,
  type ExotelCallWire,
  type ExotelErrorKind,
  type StatusCallbackEvent,
} from './index.js';

const client = createExotelClient({ accountSid: 'a', apiKey: 'k', apiToken: 't' });

describe('connectCall types', () => {
  it('takes typed params and returns an Exotel Call', () => {
    expectTypeOf(client.connectCall).parameter(0).toEqualTypeOf<ConnectCallParams>();
    expectTypeOf(client.connectCall).returns.resolves.toEqualTypeOf<ExotelCall>();
    expectTypeOf(client.getCall).returns.resolves.toEqualTypeOf<ExotelCall>();
  });

  it('rejects wrong parameter names and enum values at compile time', () => {
    // @ts-expect-error Exotel's own name is not a camelCase param
    client.connectCall({ From: '1', to: '2', callerId: '3' });
    // @ts-expect-error `promo` calls are no longer supported
    client.connectCall({ from: '1', to: '2', callerId: '3', callType: 'promo' });
    // @ts-expect-error only single and dual
    client.connectCall({ from: '1', to: '2', callerId: '3', recordingChannels: 'stereo' });
    // @ts-expect-error events are terminal or answered
    client.connectCall({ from: '1', to: '2', callerId: '3', statusCallbackEvents: ['ringing'] });
    // @ts-expect-error callerId is required
    client.connectCall({ from: '1', to: '2' });
    // @ts-expect-error Record is a boolean, not a string
    client.connectCall({ from: '1', to: '2', callerId: '3', record: 'true' });
  });

  it('keeps the region closed', () => {
    // @ts-expect-error only singapore and mumbai
    createExotelClient({ accountSid: 'a', apiKey: 'k', apiToken: 't', region: 'delhi' });
  });
});

describe('the call shape', () => {
  it('is camelCase with numbers, nullable text and the wire object in raw', () => {
    expectTypeOf<ExotelCall['sid']>().toEqualTypeOf<string>();
    expectTypeOf<ExotelCall['duration']>().toEqualTypeOf<number | null>();
    expectTypeOf<ExotelCall['price']>().toEqualTypeOf<number | null>();
    expectTypeOf<ExotelCall['dateCreated']>().toEqualTypeOf<string | null>();
    expectTypeOf<ExotelCall['preSignedRecordingUrl']>().toEqualTypeOf<string | null>();
    expectTypeOf<ExotelCall['details']>().toEqualTypeOf<ExotelCallDetails | undefined>();
    expectTypeOf<ExotelCallDetails['conversationDuration']>().toEqualTypeOf<number | null>();
    expectTypeOf<ExotelCallDetails['leg1Status']>().toEqualTypeOf<string | null>();
    expectTypeOf<ExotelCall['raw']>().toEqualTypeOf<ExotelCallWire>();
    expectTypeOf<ExotelCallWire['Sid']>().toEqualTypeOf<string>();
  });

  it('has no PascalCase fields outside raw', () => {
    const call = {} as ExotelCall;
    // @ts-expect-error the wire name lives in raw
    void call.Sid;
    // @ts-expect-error the wire name lives in raw
    void call.details?.Leg1Status;
    void call.raw.Sid;
  });

  it('admits an unknown status only behind statusKnown, as callbacks do', () => {
    const call = {} as ExotelCall;
    if (call.statusKnown) expectTypeOf(call.status).toEqualTypeOf<ExotelCallStatus>();
    else expectTypeOf(call.status).toEqualTypeOf<string>();
    // @ts-expect-error an unchecked status may be one Exotel added later
    const status: ExotelCallStatus = call.status;
    void status;
  });
});

describe('error and event types', () => {
  it('lists every error kind', () => {
    expectTypeOf<ExotelErrorKind>().toEqualTypeOf<
      | 'auth'
      | 'payment'
      | 'forbidden'
      | 'rate_limited'
      | 'invalid_request'
      | 'not_found'
      | 'server'
      | 'network'
      | 'timeout'
    >();
  });

  it('types the normalized callback', () => {
    expectTypeOf<StatusCallbackEvent['conversationDuration']>().toEqualTypeOf<number | null>();
    expectTypeOf<StatusCallbackEvent['eventType']>().toEqualTypeOf<
      'terminal' | 'answered' | null
    >();
    expectTypeOf<StatusCallbackEvent['rawEventType']>().toEqualTypeOf<string | null>();
    expectTypeOf<StatusCallbackEvent['unrecognized']>().toEqualTypeOf<string[]>();
  });

  it('admits unknown statuses only behind statusKnown', () => {
    const event = {} as StatusCallbackEvent;
    if (event.statusKnown) expectTypeOf(event.status).toEqualTypeOf<ExotelCallStatus>();
    else expectTypeOf(event.status).toEqualTypeOf<string>();
    // @ts-expect-error an unchecked status may be one Exotel added later
    const status: ExotelCallStatus = event.status;
    void status;
    const leg = event.legs[0]!;
    if (leg.statusKnown) expectTypeOf(leg.status).toEqualTypeOf<ExotelCallStatus | null>();
    else expectTypeOf(leg.status).toEqualTypeOf<string>();
  });
});

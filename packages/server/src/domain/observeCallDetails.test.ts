import { createExotelClient, type ExotelCall } from '@ringback/exotel';
import { describe, expect, it } from 'vitest';
import { observeCallDetails } from './observeCallDetails.js';

const SID = 'b6cfaf7a4dc7fd5fa3c6e0e0a9bf162m';

/** Call Details as the client returns it, from Exotel's wire object. */
function callDetails(wire: Record<string, unknown>): Promise<ExotelCall> {
  const exotel = createExotelClient({
    accountSid: 'acme',
    apiKey: 'k',
    apiToken: 't',
    fetch: async () =>
      Response.json({
        Call: { Sid: SID, AccountSid: 'acme', To: '09812345678', From: '09876543210', ...wire },
      }),
  });
  return exotel.getCall(SID, { details: true });
}

describe('observeCallDetails', () => {
  it('a live call is as far as its legs got', async () => {
    const call = await callDetails({
      Status: 'in-progress',
      Details: { Leg1Status: 'in-progress', Leg2Status: '' },
    });
    expect(observeCallDetails(call, 'dialing-agent')).toEqual({
      state: 'dialing-you',
      agentMissed: false,
      exotelSid: SID,
      exotelStatus: 'in-progress',
    });
  });

  it('a completed call carries its conversation, sent as a string or a number', async () => {
    for (const duration of ['41', 41]) {
      const call = await callDetails({
        Status: 'completed',
        Details: {
          ConversationDuration: duration,
          Leg1Status: 'completed',
          Leg2Status: 'completed',
        },
      });
      expect(observeCallDetails(call, 'connected')).toEqual({
        state: 'completed',
        agentMissed: false,
        exotelSid: SID,
        exotelStatus: 'completed',
        conversationSeconds: 41,
      });
    }
  });

  it('the failing leg names the ending; without details the state reached so far does', async () => {
    const busy = await callDetails({
      Status: 'busy',
      Details: { ConversationDuration: 0, Leg1Status: 'completed', Leg2Status: 'busy' },
    });
    expect(observeCallDetails(busy, 'dialing-you').state).toBe('busy');
    const bare = await callDetails({ Status: 'no-answer' });
    expect(observeCallDetails(bare, 'dialing-agent')).toMatchObject({
      state: 'agent-unavailable',
      conversationSeconds: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { encodeConnectCallForm, toConnectCallRequest } from './encodeConnectCall.js';

const encode = (params: Parameters<typeof toConnectCallRequest>[0]) =>
  encodeConnectCallForm(toConnectCallRequest(params));

describe('encodeConnectCallForm', () => {
  it('sends the three required numbers with + percent-encoded', () => {
    expect(encode({ from: '+919876543210', to: '+919812345678', callerId: '08047112400' })).toBe(
      'From=%2B919876543210&To=%2B919812345678&CallerId=08047112400',
    );
  });

  it('encodes every parameter under Exotel’s own name', () => {
    const form = new URLSearchParams(
      encode({
        from: '09876543210',
        to: '09812345678',
        callerId: '08047112400',
        callType: 'trans',
        timeLimit: 1800,
        timeOut: 30,
        waitUrl: 'https://cdn.example.com/wait.wav',
        record: true,
        recordingChannels: 'dual',
        recordingFormat: 'mp3-hq',
        customField: 'call_7f3a 9c&x=1',
        statusCallback: 'https://shop.example.com/cb?token=a+b/c',
        statusCallbackEvents: ['terminal', 'answered'],
        statusCallbackContentType: 'application/json',
        startPlaybackToNew: 'Both',
        startPlaybackValueNew: 'https://cdn.example.com/hello.wav',
        streamUrl: 'wss://stream.example.com/audio',
        streamBegin: 'start',
      }),
    );
    expect(Object.fromEntries(form)).toEqual({
      From: '09876543210',
      To: '09812345678',
      CallerId: '08047112400',
      CallType: 'trans',
      TimeLimit: '1800',
      TimeOut: '30',
      WaitUrl: 'https://cdn.example.com/wait.wav',
      Record: 'true',
      RecordingChannels: 'dual',
      RecordingFormat: 'mp3-hq',
      CustomField: 'call_7f3a 9c&x=1',
      StatusCallback: 'https://shop.example.com/cb?token=a+b/c',
      'StatusCallbackEvents[0]': 'terminal',
      'StatusCallbackEvents[1]': 'answered',
      StatusCallbackContentType: 'application/json',
      StartPlaybackToNew: 'Both',
      StartPlaybackValueNew: 'https://cdn.example.com/hello.wav',
      StreamUrl: 'wss://stream.example.com/audio',
      StreamBegin: 'start',
    });
  });

  it('writes indexed StatusCallbackEvents keys literally, brackets percent-encoded', () => {
    const body = encode({ from: '1', to: '2', callerId: '3', statusCallbackEvents: ['answered'] });
    expect(body).toContain('StatusCallbackEvents%5B0%5D=answered');
    expect(body).not.toContain('StatusCallbackEvents%5B1%5D');
  });

  it('sends false explicitly and leaves out what was not given', () => {
    expect(encode({ from: '1', to: '2', callerId: '3', record: false })).toBe(
      'From=1&To=2&CallerId=3&Record=false',
    );
  });

  it('refuses more than two callback events and non-finite numbers', () => {
    expect(() =>
      encode({
        from: '1',
        to: '2',
        callerId: '3',
        statusCallbackEvents: ['terminal', 'answered', 'terminal'],
      }),
    ).toThrow(/at most two/);
    expect(() => encode({ from: '1', to: '2', callerId: '3', timeLimit: Number.NaN })).toThrow(
      /TimeLimit must be a finite number/,
    );
  });
});

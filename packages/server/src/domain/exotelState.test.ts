import { describe, expect, it } from 'vitest';
import type { CallState } from './callState.js';
import { agentMissed, type ExotelObservation, stateFromExotel } from './exotelState.js';

const obs = (o: Partial<ExotelObservation>): ExotelObservation => ({
  eventType: null,
  status: 'in-progress',
  agentLeg: null,
  visitorLeg: null,
  conversationSeconds: null,
  ...o,
});

describe('stateFromExotel', () => {
  it.each<[string, Partial<ExotelObservation>, CallState]>([
    ['accepted call', { status: 'in-progress' }, 'dialing-agent'],
    ['queued', { status: 'queued' }, 'dialing-agent'],
    ['agent answered', { eventType: 'answered', agentLeg: 'in-progress' }, 'dialing-you'],
    [
      'visitor answered',
      { eventType: 'answered', agentLeg: 'in-progress', visitorLeg: 'in-progress' },
      'connected',
    ],
    ['answered without legs', { eventType: 'answered' }, 'dialing-you'],
    [
      'Call Details while talking',
      { agentLeg: 'in-progress', visitorLeg: 'in-progress' },
      'connected',
    ],
    [
      'completed conversation',
      {
        eventType: 'terminal',
        status: 'completed',
        agentLeg: 'completed',
        visitorLeg: 'completed',
        conversationSeconds: 41,
      },
      'completed',
    ],
    [
      'agent busy',
      { eventType: 'terminal', status: 'busy', agentLeg: 'busy' },
      'agent-unavailable',
    ],
    [
      'agent did not answer',
      { eventType: 'terminal', status: 'no-answer', agentLeg: 'no-answer' },
      'agent-unavailable',
    ],
    ['agent leg failed', { eventType: 'terminal', status: 'failed', agentLeg: 'failed' }, 'failed'],
    [
      'visitor busy',
      { eventType: 'terminal', status: 'busy', agentLeg: 'completed', visitorLeg: 'busy' },
      'busy',
    ],
    [
      'visitor did not answer',
      {
        eventType: 'terminal',
        status: 'no-answer',
        agentLeg: 'completed',
        visitorLeg: 'no-answer',
      },
      'not-answered',
    ],
    [
      'visitor unreachable',
      { eventType: 'terminal', status: 'failed', agentLeg: 'completed', visitorLeg: 'failed' },
      'failed',
    ],
    [
      'agent gave up waiting',
      { eventType: 'terminal', status: 'canceled', agentLeg: 'completed', visitorLeg: 'canceled' },
      'canceled',
    ],
    [
      'talked 0 s but connected',
      {
        eventType: 'terminal',
        status: 'completed',
        agentLeg: 'completed',
        visitorLeg: 'completed',
        conversationSeconds: 0,
      },
      'completed',
    ],
  ])('%s', (_name, o, expected) => {
    expect(stateFromExotel(obs(o), 'dialing-agent')).toBe(expected);
  });

  it('fills missing leg data from how far the call got', () => {
    const terminal = (status: string) => obs({ eventType: 'terminal', status });
    expect(stateFromExotel(terminal('completed'), 'connected')).toBe('completed');
    expect(stateFromExotel(terminal('busy'), 'dialing-you')).toBe('busy');
    expect(stateFromExotel(terminal('no-answer'), 'dialing-you')).toBe('not-answered');
    expect(stateFromExotel(terminal('busy'), 'dialing-agent')).toBe('agent-unavailable');
    expect(stateFromExotel(terminal('no-answer'), 'unknown')).toBe('agent-unavailable');
    expect(stateFromExotel(terminal('completed'), 'dialing-agent')).toBe('agent-unavailable');
    expect(stateFromExotel(terminal('completed'), 'dialing-you')).toBe('not-answered');
    expect(stateFromExotel(terminal('failed'), 'requested')).toBe('failed');
  });
});

describe('agentMissed', () => {
  it.each<[string, Partial<ExotelObservation>, CallState, boolean]>([
    ['agent busy', { status: 'busy', agentLeg: 'busy' }, 'dialing-agent', true],
    ['agent no answer', { status: 'no-answer', agentLeg: 'no-answer' }, 'dialing-agent', true],
    ['agent leg failed', { status: 'failed', agentLeg: 'failed' }, 'dialing-agent', true],
    ['agent leg canceled', { status: 'failed', agentLeg: 'canceled' }, 'dialing-agent', true],
    ['no legs reported', { status: 'no-answer' }, 'dialing-agent', true],
    ['completed without an answer', { status: 'completed' }, 'dialing-agent', true],
    ['still ringing', { status: 'in-progress' }, 'dialing-agent', false],
    [
      'visitor busy',
      { status: 'busy', agentLeg: 'completed', visitorLeg: 'busy' },
      'dialing-you',
      false,
    ],
    [
      'visitor did not answer',
      { status: 'no-answer', visitorLeg: 'no-answer' },
      'dialing-agent',
      false,
    ],
    ['agent answered, then it failed', { status: 'failed' }, 'dialing-you', false],
    ['they talked', { status: 'completed', conversationSeconds: 12 }, 'dialing-agent', false],
  ])('%s → %s', (_, o, current, missed) => {
    expect(agentMissed(obs(o), current)).toBe(missed);
  });
});

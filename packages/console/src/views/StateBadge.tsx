import type { CallState } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';

const TONE: Record<CallState, 'waiting' | 'active' | 'good' | 'missed' | 'neutral'> = {
  scheduled: 'waiting',
  'retry-scheduled': 'waiting',
  requested: 'active',
  unknown: 'active',
  'dialing-agent': 'active',
  'dialing-you': 'active',
  connected: 'good',
  completed: 'good',
  'agent-unavailable': 'missed',
  'not-answered': 'missed',
  busy: 'missed',
  failed: 'missed',
  expired: 'missed',
  canceled: 'neutral',
  ended: 'neutral',
};

/** A call state in words, tinted by how it went (the words alone say it all). */
export function StateBadge({ state }: { state: CallState }) {
  const { m } = useText();
  return <span className={`badge badge-${TONE[state]}`}>{m[`state_${state}`]}</span>;
}

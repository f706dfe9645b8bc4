import { useCallback, useEffect, useState } from 'react';

interface SimLeg {
  id: 1 | 2;
  number: string;
  status: string | null;
}

interface SimCall {
  sid: string;
  status: string;
  createdAt: number;
  legs: [SimLeg, SimLeg];
}

type Action = 'answer' | 'reject' | 'hangup';

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const LEG_NAMES = { 1: 'Weaver (rung first)', 2: 'Visitor' } as const;
const STATUS_TEXT: Record<string, string> = {
  ringing: 'Ringing…',
  'in-progress': 'On the call',
  completed: 'Hung up',
  busy: 'Busy / rejected',
  'no-answer': 'Not answered',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** The simulator's calls as phones a person can answer, reject or hang up. */
export function PhoneSimulator({ base }: { base: string }) {
  const [calls, setCalls] = useState<SimCall[]>([]);
  const [byHand, setByHand] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const response = await fetch(`${base}/_sim/calls`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`The simulator answered ${response.status}`);
    const body = (await response.json()) as { calls: SimCall[] };
    setCalls(body.calls.sort((a, b) => b.createdAt - a.createdAt).slice(0, 6));
  }, [base]);

  useEffect(() => {
    let stopped = false;
    const tick = () => {
      refresh().then(
        () => setError(null),
        (e: Error) => setError(e.message),
      );
      if (!stopped) timer = setTimeout(tick, 500);
    };
    let timer = setTimeout(tick, 0);
    fetch(`${base}/_sim/default-fate`)
      .then((r) => r.json())
      .then((body: { fate: { outcome: string } }) => setByHand(body.fate.outcome === 'manual'))
      .catch(() => {});
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [base, refresh]);

  async function act(sid: string, leg: 1 | 2, action: Action) {
    const response = await fetch(`${base}/_sim/calls/${sid}/legs/${leg}/${action}`, {
      method: 'POST',
    });
    if (!response.ok) setError(((await response.json()) as { error: string }).error);
    await refresh();
  }

  async function toggleByHand(next: boolean) {
    // The demo's automatic fate: 4 s of ringing, 12 s of talk.
    const fate = next
      ? { outcome: 'manual' }
      : { outcome: 'answer', ringSeconds: 4, talkSeconds: 12 };
    const response = await fetch(`${base}/_sim/default-fate`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fate),
    });
    if (response.ok) setByHand(next);
  }

  return (
    <div className="phones">
      <label className="toggle">
        <input
          type="checkbox"
          checked={byHand}
          onChange={(e) => void toggleByHand(e.target.checked)}
        />
        Phones ring until I answer (otherwise they answer after 4 s and talk 12 s)
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {calls.length === 0 && <p>No calls yet. Ask for one on the website.</p>}
      <ol className="calls" aria-live="polite">
        {calls.map((call) => (
          <li key={call.sid} className="call" data-status={call.status}>
            <p className="call-status">
              Call {call.sid.slice(0, 8)}… —{' '}
              {ENDED.has(call.status) ? `ended: ${call.status}` : 'in progress'}
            </p>
            <div className="handsets">
              {call.legs.map((leg) => (
                <section key={leg.id} className="handset" data-leg-status={leg.status ?? 'idle'}>
                  <h2>{LEG_NAMES[leg.id]}</h2>
                  <p className="number">{leg.number}</p>
                  <p className="leg-status">{leg.status ? STATUS_TEXT[leg.status] : 'Waiting'}</p>
                  {leg.status === 'ringing' && (
                    <div className="actions">
                      <button type="button" onClick={() => void act(call.sid, leg.id, 'answer')}>
                        Answer
                      </button>
                      <button type="button" onClick={() => void act(call.sid, leg.id, 'reject')}>
                        Reject
                      </button>
                    </div>
                  )}
                  {leg.status === 'in-progress' && (
                    <div className="actions">
                      <button type="button" onClick={() => void act(call.sid, leg.id, 'hangup')}>
                        Hang up
                      </button>
                    </div>
                  )}
                </section>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

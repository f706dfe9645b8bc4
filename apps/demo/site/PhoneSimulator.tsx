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
/** The last ten digits: the simulator writes Indian numbers as `0` + 10 digits. */
const digits = (number: string) => number.replace(/\D/g, '').slice(-10);

export interface Weaver {
  number: string;
  name: string;
}
const STATUS_TEXT: Record<string, string> = {
  ringing: 'Ringing…',
  'in-progress': 'On the call',
  completed: 'Hung up',
  busy: 'Busy / rejected',
  'no-answer': 'Not answered',
  failed: 'Failed',
  canceled: 'Canceled',
};

/**
 * The simulator's phones: one handset per weaver (each call rings them in turn until one
 * answers), and each call's two handsets, which a person can answer, reject or hang up.
 */
export function PhoneSimulator({ base, weavers }: { base: string; weavers: Weaver[] }) {
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

  const nameOf = (number: string) =>
    weavers.find((w) => digits(w.number) === digits(number))?.name ?? null;
  const legName = (leg: SimLeg) =>
    leg.id === 1 ? `Weaver ${nameOf(leg.number) ?? ''}`.trim() : 'Visitor';
  const actions = (sid: string, leg: SimLeg) => (
    <>
      {leg.status === 'ringing' && (
        <div className="actions">
          <button type="button" onClick={() => void act(sid, leg.id, 'answer')}>
            Answer
          </button>
          <button type="button" onClick={() => void act(sid, leg.id, 'reject')}>
            Reject
          </button>
        </div>
      )}
      {leg.status === 'in-progress' && (
        <div className="actions">
          <button type="button" onClick={() => void act(sid, leg.id, 'hangup')}>
            Hang up
          </button>
        </div>
      )}
    </>
  );

  return (
    <div className="phones">
      {weavers.length > 0 && (
        <section aria-labelledby="weavers-title">
          <h2 id="weavers-title">The weavers' phones</h2>
          <div className="handsets weavers">
            {weavers.map((weaver) => {
              const live = calls.find(
                (c) => !ENDED.has(c.status) && digits(c.legs[0].number) === digits(weaver.number),
              );
              const leg = live?.legs[0];
              return (
                <section
                  key={weaver.number}
                  className="handset"
                  aria-label={`${weaver.name}'s phone`}
                  data-leg-status={leg?.status ?? 'idle'}
                >
                  <h3>{weaver.name}</h3>
                  <p className="number">{weaver.number}</p>
                  <p className="leg-status">{leg?.status ? STATUS_TEXT[leg.status] : 'Free'}</p>
                  {live && leg && actions(live.sid, leg)}
                </section>
              );
            })}
          </div>
        </section>
      )}
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
                  <h2>{legName(leg)}</h2>
                  <p className="number">{leg.number}</p>
                  <p className="leg-status">{leg.status ? STATUS_TEXT[leg.status] : 'Waiting'}</p>
                  {actions(call.sid, leg)}
                </section>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

import { useEffect, useState } from './react.js';

/**
 * Seconds left of a phone's ring, counted down once a second from when `ring` (a key
 * naming the phone being rung, such as the state and attempt) last changed; `null`
 * while nothing rings or the ring time is unknown. Counted from what the widget heard,
 * on the visitor's clock: the server's clock may differ.
 */
export function useRingCountdown(ring: string | null, seconds: number | undefined): number | null {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    if (!ring || !seconds) return setLeft(null);
    const end = Date.now() + seconds * 1000;
    const tick = () => setLeft(Math.max(Math.ceil((end - Date.now()) / 1000), 0));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [ring, seconds]);
  return left;
}

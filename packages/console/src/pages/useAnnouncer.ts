import { useCallback, useEffect, useRef, useState } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';

const EVERY_MS = 1_000;

/**
 * Counts new requests and says how many at most once a second ("3 new requests"),
 * instead of once per request. `seq` changes with each announcement, so a
 * repeated text is a new node and is read again.
 */
export function useNewRequestsAnnouncer() {
  const { m, format } = useText();
  const [said, setSaid] = useState({ text: '', seq: 0 });
  const count = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const texts = useRef({ m, format });
  texts.current = { m, format };
  useEffect(() => () => clearTimeout(timer.current), []);
  const add = useCallback((added: number) => {
    count.current += added;
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const n = count.current;
      count.current = 0;
      const { m, format } = texts.current;
      const text = n === 1 ? m.newRequestOne : fill(m.newRequestOther, { count: format.number(n) });
      setSaid((old) => ({ text, seq: old.seq + 1 }));
    }, EVERY_MS);
  }, []);
  return { announcement: said, addNew: add };
}

import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api/idempotencyKey.js';
import { problemText } from '../api/problemText.js';
import { settle } from '../api/result.js';
import type { AdminCall } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { useLiveCalls, useServices } from '../shell/ConsoleServices.js';
import type { CallbackProgress } from '../views/MissedLeadsList.js';

/**
 * "Call back now": `POST /v1/admin/calls/{id}/callback` with an `Idempotency-Key`, then
 * the new call followed live. A key is kept for a lead until the server answers, so a
 * retry after a lost connection cannot dial twice.
 */
export function useCallBack() {
  const { api } = useServices();
  const text = useText();
  const [progress, setProgress] = useState<Record<string, CallbackProgress>>({});
  const keys = useRef(new Map<string, string>());
  const callBack = useCallback(
    async (lead: AdminCall) => {
      const key = keys.current.get(lead.id) ?? newIdempotencyKey();
      keys.current.set(lead.id, key);
      setProgress((old) => ({ ...old, [lead.id]: { status: 'pending' } }));
      const result = await settle(
        api.client.POST('/v1/admin/calls/{callId}/callback', {
          params: { path: { callId: lead.id }, header: { 'Idempotency-Key': key } },
        }),
      );
      // Unanswered, the request may have reached the server: the retry reuses the key.
      if (result.ok || result.status !== 0) keys.current.delete(lead.id);
      const next: CallbackProgress = result.ok
        ? { status: 'placed', call: result.data }
        : { status: 'failed', message: problemText(result, text) };
      setProgress((old) => ({ ...old, [lead.id]: next }));
    },
    [api, text],
  );
  useLiveCalls((call) =>
    setProgress((old) => {
      const lead = Object.keys(old).find((id) => {
        const entry = old[id];
        return entry?.status === 'placed' && entry.call.id === call.id;
      });
      return lead ? { ...old, [lead]: { status: 'placed', call } } : old;
    }),
  );
  return { progress, callBack };
}

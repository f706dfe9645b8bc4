import {
  type Call,
  type CallSession,
  type CallSessionOptions,
  type CallSessionSnapshot,
  type CallSessionStatus,
  createCallSession,
  type FinalCallState,
  isFinal,
} from '@ringback/client';
import type { RefObject } from 'react';
import { useEffect, useRef, useState, useSyncExternalStore } from './react.js';

/** What `onCallEnded` receives. */
export interface CallEndedEvent {
  state: FinalCallState;
  call: Call;
  /** How long the visitor and the agent talked, when known. */
  conversationSeconds: number | null;
}

export interface UseCallSessionOptions
  extends Pick<
    CallSessionOptions,
    | 'endpoint'
    | 'widgetId'
    | 'fetch'
    | 'EventSource'
    | 'getVerificationToken'
    | 'pollIntervalMs'
    | 'phoneRules'
  > {
  /** Called on every status change, e.g. for analytics. */
  onStateChange?: (status: CallSessionStatus, snapshot: CallSessionSnapshot) => void;
  /** Called once when a call reaches its ending. */
  onCallEnded?: (event: CallEndedEvent) => void;
}

/** Problems with the number itself: told at the phone field, not in the status. */
const PHONE_CODES = [
  'invalid_phone',
  'country_not_allowed',
  'number_type_not_allowed',
  'number_blocked',
];

/**
 * A session bound to the component: one per endpoint and widget, subscribed while
 * mounted, with the callbacks fired on each transition. Returns the snapshot and what
 * the other parts read from it; `latest` is the latest options, for handlers that
 * outlive a render.
 */
export function useCallSession<Options extends UseCallSessionOptions>(options: Options) {
  const { endpoint, widgetId } = options;
  const latest = useRef(options);
  latest.current = options;

  // A new session when the endpoint or widget changes; creating one has no side effects.
  const key = `${endpoint} ${widgetId}`;
  const [entry, setEntry] = useState(() => ({ key, session: create(latest) }));
  let session: CallSession = entry.session;
  if (entry.key !== key) {
    session = create(latest);
    setEntry({ key, session });
  }
  const snapshot = useSyncExternalStore(
    session.subscribe,
    session.getSnapshot,
    session.getSnapshot,
  );

  // Callbacks see every transition, even those React batches into one render.
  useEffect(() => {
    let last = session.getSnapshot().status;
    return session.subscribe((next) => {
      const { status, call } = next;
      if (status === last) return;
      last = status;
      latest.current.onStateChange?.(status, next);
      if (isFinal(status) && call) {
        latest.current.onCallEnded?.({
          state: status,
          call,
          conversationSeconds: call.conversationSeconds,
        });
      }
    });
  }, [session]);

  const { status, error, call } = snapshot;
  return {
    session,
    snapshot,
    latest: latest as RefObject<Options>,
    /** Validating or submitting. */
    isBusy: status === 'validating' || status === 'submitting',
    /** A call is under way. */
    isLive: status !== 'error' && !!call && !call.final,
    isEnded: isFinal(status),
    /** Outside business hours. */
    isClosed: !snapshot.open || error?.code === 'closed',
    /** The number was refused. */
    phoneProblem: status === 'error' && !!error && PHONE_CODES.includes(error.code),
  };
}

/** The session and what the widget's parts read from it. */
export type CallSessionState<Options extends UseCallSessionOptions = UseCallSessionOptions> =
  ReturnType<typeof useCallSession<Options>>;

function create(latest: { current: UseCallSessionOptions }): CallSession {
  // The session reads only its own options (endpoint, widgetId, fetch, EventSource,
  // pollIntervalMs, phoneRules) and treats an undefined one as unset.
  return createCallSession({
    ...latest.current,
    // Read at call time, so a new function from a re-render is used.
    getVerificationToken: (verification) =>
      latest.current.getVerificationToken?.(verification) ?? '',
  });
}

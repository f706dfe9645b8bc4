import { problemText } from '../api/problemText.js';
import type { Failure } from '../api/result.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';

/** "Loading…" while `failure` is undefined and `loading`; the failure and "Try again" after. */
export function LoadStatus({
  loading,
  failure,
  onRetry,
}: {
  loading: boolean;
  failure: Failure | null | undefined;
  onRetry: () => void;
}) {
  const text = useText();
  return (
    <div role="status" className="load-status">
      {loading && <p>{text.m.loading}</p>}
      {failure && (
        <p className="error">
          {problemText(failure, text)}{' '}
          <button type="button" className="secondary" onClick={onRetry}>
            {text.m.retry}
          </button>
        </p>
      )}
    </div>
  );
}

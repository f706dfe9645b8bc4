import { CALL_STATES } from '@ringback/protocol';
import { type FormEvent, useId, useState } from 'react';
import type { StateFilter } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { type CallFilterValues, NO_FILTERS } from '../live/callQuery.js';

export interface CallFiltersProps {
  /** The filters applied now. */
  value: CallFilterValues;
  /** Called with the form's values on "Apply", and with no filters on "Clear". */
  onApply: (values: CallFilterValues) => void;
  /** Widget ids to suggest. */
  widgetIds?: readonly string[];
}

/** The live list's filters: state, widget, date range and digits of the number, applied together. */
export function CallFilters({ value, onApply, widgetIds = [] }: CallFiltersProps) {
  const { m } = useText();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [applied, setApplied] = useState(value);
  if (applied !== value) {
    // Filters changed from outside (Clear, a link): start the form over from them.
    setApplied(value);
    setDraft(value);
  }
  const set = (key: keyof CallFilterValues) => (event: { target: { value: string } }) =>
    setDraft((old) => ({ ...old, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <h2 id={`${id}-legend`} className="visually-hidden">
        {m.filters}
      </h2>
      <label>
        <span>{m.filterState}</span>
        <select value={draft.state} onChange={set('state')}>
          <option value="">{m.anyState}</option>
          <option value={'missed' satisfies StateFilter}>{m.missedAny}</option>
          {CALL_STATES.map((state) => (
            <option key={state} value={state}>
              {m[`state_${state}`]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{m.filterWidget}</span>
        <input
          value={draft.widgetId}
          onChange={set('widgetId')}
          list={`${id}-widgets`}
          maxLength={64}
          pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
          autoComplete="off"
        />
        <datalist id={`${id}-widgets`}>
          {widgetIds.map((widget) => (
            <option key={widget} value={widget} />
          ))}
        </datalist>
      </label>
      <label>
        <span>{m.filterFrom}</span>
        <input type="date" value={draft.from} onChange={set('from')} max={draft.to || undefined} />
      </label>
      <label>
        <span>{m.filterTo}</span>
        <input type="date" value={draft.to} onChange={set('to')} min={draft.from || undefined} />
      </label>
      <div>
        <label>
          <span>{m.filterPhone}</span>
          <input
            type="search"
            inputMode="tel"
            value={draft.phone}
            onChange={set('phone')}
            pattern="\D*(\d\D*){3,15}"
            maxLength={32}
            aria-describedby={`${id}-phone-hint`}
            autoComplete="off"
          />
        </label>
        <small id={`${id}-phone-hint`}>{m.phoneHint}</small>
      </div>
      <div className="actions">
        <button type="submit">{m.applyFilters}</button>
        <button type="button" className="secondary" onClick={() => onApply(NO_FILTERS)}>
          {m.clearFilters}
        </button>
      </div>
    </form>
  );
}

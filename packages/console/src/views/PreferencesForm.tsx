import { useId } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import type { ConsoleLocale } from '../i18n/messages.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface PreferencesFormProps {
  locale: ConsoleLocale;
  onLocale: (locale: ConsoleLocale) => void;
  theme: ThemeChoice;
  onTheme: (theme: ThemeChoice) => void;
}

/** The language and theme switches; each applies as soon as it is chosen. */
export function PreferencesForm({ locale, onLocale, theme, onTheme }: PreferencesFormProps) {
  const { m } = useText();
  const id = useId();
  return (
    <div className="preferences">
      <label htmlFor={`${id}-locale`}>{m.language}</label>
      <select
        id={`${id}-locale`}
        value={locale}
        onChange={(event) => onLocale(event.target.value as ConsoleLocale)}
      >
        <option value="en" lang="en">
          English
        </option>
        <option value="hi" lang="hi">
          हिन्दी
        </option>
      </select>
      <label htmlFor={`${id}-theme`}>{m.theme}</label>
      <select
        id={`${id}-theme`}
        value={theme}
        onChange={(event) => onTheme(event.target.value as ThemeChoice)}
      >
        <option value="system">{m.themeSystem}</option>
        <option value="light">{m.themeLight}</option>
        <option value="dark">{m.themeDark}</option>
      </select>
    </div>
  );
}

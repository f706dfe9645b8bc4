import { useEffect, useState } from 'react';
import { CONSOLE_LOCALES, type ConsoleLocale } from '../i18n/messages.js';

export type ConsoleTheme = 'system' | 'light' | 'dark';
const THEMES: readonly ConsoleTheme[] = ['system', 'light', 'dark'];

const KEY = 'ringback-console:';

function stored<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  try {
    const value = localStorage.getItem(KEY + name);
    return allowed.find((option) => option === value);
  } catch {
    return undefined; // Storage disabled: nothing remembered.
  }
}

function store(name: string, value: string) {
  try {
    localStorage.setItem(KEY + name, value);
  } catch {
    // Storage disabled or full: the choice lasts for this page only.
  }
}

const browserLocale = (): ConsoleLocale =>
  navigator.languages.some((tag) => tag.toLowerCase().startsWith('hi')) ? 'hi' : 'en';

/**
 * The operator's language and theme, remembered in `localStorage`. The language is set
 * on `<html lang>` too, for the page's title and anything outside the console's element.
 */
export function usePreferences(initial: { locale?: ConsoleLocale; theme?: ConsoleTheme } = {}) {
  const [locale, setLocale] = useState<ConsoleLocale>(
    () => initial.locale ?? stored('locale', CONSOLE_LOCALES) ?? browserLocale(),
  );
  const [theme, setTheme] = useState<ConsoleTheme>(
    () => initial.theme ?? stored('theme', THEMES) ?? 'system',
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return {
    locale,
    theme,
    setLocale(next: ConsoleLocale) {
      store('locale', next);
      setLocale(next);
    },
    setTheme(next: ConsoleTheme) {
      store('theme', next);
      setTheme(next);
    },
  };
}

export type Preferences = ReturnType<typeof usePreferences>;

import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type ConsoleFormat, createFormat } from './format.js';
import { type ConsoleLocale, type ConsoleMessages, MESSAGES } from './messages.js';

export interface ConsoleText {
  locale: ConsoleLocale;
  /** The texts in `locale`. */
  m: ConsoleMessages;
  format: ConsoleFormat;
}

const english: ConsoleText = { locale: 'en', m: MESSAGES.en, format: createFormat('en') };
const TextContext = createContext<ConsoleText>(english);

export interface ConsoleLocaleProviderProps {
  /** @default 'en' */
  locale?: ConsoleLocale;
  children: ReactNode;
}

/** Gives every view below it its texts and formats in one language. */
export function ConsoleLocaleProvider({ locale = 'en', children }: ConsoleLocaleProviderProps) {
  const value = useMemo(
    () =>
      locale === 'en' ? english : { locale, m: MESSAGES[locale], format: createFormat(locale) },
    [locale],
  );
  return <TextContext.Provider value={value}>{children}</TextContext.Provider>;
}

/** The texts and formats of the nearest `ConsoleLocaleProvider` (English without one). */
export function useText(): ConsoleText {
  return useContext(TextContext);
}

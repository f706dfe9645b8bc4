/**
 * `text` without control characters (a `multiline` text keeps line breaks and tabs),
 * trimmed, and cut to `max` characters when given: what the proxy accepts of a
 * visitor's answer or a campaign tag.
 */
export const cleanText = (text: string, multiline?: boolean, max?: number): string => {
  const clean = text.replace(multiline ? /[^\P{Cc}\t\n]/gu : /\p{Cc}/gu, '').trim();
  return max ? [...clean].slice(0, max).join('').trim() : clean;
};

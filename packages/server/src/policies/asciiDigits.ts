const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGITS = /[^\P{Nd}0-9]/gu;

/**
 * Replaces every Unicode decimal digit (Devanagari ०-९, Bengali, fullwidth, …) with its
 * ASCII digit, so a number typed on any keyboard is read the same. Unicode encodes
 * each script's digits as a run of ten starting at zero, so a digit's value is its
 * distance from the start of its run, modulo ten (some runs sit back to back).
 */
export function asciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGITS, (digit) => {
    let code = digit.codePointAt(0)!;
    let steps = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(code - 1))) {
      code--;
      steps++;
    }
    return String(steps % 10);
  });
}

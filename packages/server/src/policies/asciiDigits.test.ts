import { describe, expect, it } from 'vitest';
import { asciiDigits } from './asciiDigits.js';

describe('asciiDigits', () => {
  it.each([
    ['Devanagari', '९८१२३ ४५६७८'],
    ['Bengali', '৯৮১২৩ ৪৫৬৭৮'],
    ['Gujarati', '૯૮૧૨૩ ૪૫૬૭૮'],
    ['Tamil', '௯௮௧௨௩ ௪௫௬௭௮'],
    ['Arabic-Indic', '٩٨١٢٣ ٤٥٦٧٨'],
    ['fullwidth', '９８１２３ ４５６７８'],
    ['mathematical bold', '𝟗𝟖𝟏𝟐𝟑 𝟒𝟓𝟔𝟕𝟖'],
    ['mathematical monospace', '𝟿𝟾𝟷𝟸𝟹 𝟺𝟻𝟼𝟽𝟾'],
  ])('%s digits become ASCII', (_, typed) => {
    expect(asciiDigits(typed)).toBe('98123 45678');
  });

  it('leaves ASCII digits, signs and letters alone', () => {
    expect(asciiDigits('+91 (0) 98123-45678 ext')).toBe('+91 (0) 98123-45678 ext');
  });
});

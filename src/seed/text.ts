import { foldSearchText } from '../partners/search-text.js';
import type { SeededRandom } from './random.js';

/** Rewrites comma-below ș and ț as the cedilla ş and ţ that older Romanian software stored. */
export function toCedillaForm(text: string): string {
  return text.replace(/[șțȘȚ]/g, (letter) => CEDILLA[letter] ?? letter);
}

const CEDILLA: Record<string, string> = { ș: 'ş', ț: 'ţ', Ș: 'Ş', Ț: 'Ţ' };

/** Turns a name into a lower-case ASCII slug: "Ștefan Popa" gives "stefan.popa" with ".". */
export function slugOf(text: string, separator = '-'): string {
  return foldSearchText(text)
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
}

export function emailLocalPart(name: string): string {
  return slugOf(name, '.');
}

/** Returns a random Romanian mobile number in display form, such as +40 722 123 456. */
export function phoneNumber(random: SeededRandom): string {
  const digits = () => String(random.int(0, 999)).padStart(3, '0');

  return `+40 7${random.int(2, 8)}${random.int(0, 9)} ${digits()} ${digits()}`;
}

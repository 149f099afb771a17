import { ValidationError } from '../errors.js';

/** A Romanian tax id (CUI, also called CIF). */
export interface Cui {
  /** The 2 to 10 digits, check digit last, without the RO prefix. */
  digits: string;
  /** True when the id was written with the RO prefix, which marks a VAT payer. */
  vatPayer: boolean;
}

/** Weights of the check digit, applied to the digits before it left-padded to 9. */
const CHECK_KEY = [7, 5, 3, 2, 1, 7, 5, 3, 2];

const VALID_FORM =
  'a valid CUI is 2 to 10 digits ending in its check digit, with RO in front for a VAT payer, ' +
  'such as RO14399840 or 1590082';

export type CuiResult = { cui: Cui; problem: null } | { cui: null; problem: string };

/** Computes the check digit for the digits that precede it (1 to 9 of them). */
export function cuiCheckDigit(body: string): number {
  const padded = body.padStart(CHECK_KEY.length, '0');
  let sum = 0;
  for (let i = 0; i < CHECK_KEY.length; i += 1) sum += Number(padded[i]) * CHECK_KEY[i]!;

  const remainder = (sum * 10) % 11;

  return remainder === 10 ? 0 : remainder;
}

/**
 * Checks a CUI as a user typed it: an optional RO prefix in any case, spaces anywhere, then
 * the digits. Returns the parsed id, or a sentence saying what is wrong and what is valid.
 */
export function checkCui(input: string): CuiResult {
  const match = /^(ro)?(\d+)$/i.exec(input.replace(/\s+/g, ''));
  if (!match) return failure('invalid CUI: only digits may follow the optional RO prefix');

  const digits = match[2]!;
  if (digits.length < 2 || digits.length > 10) {
    return failure(`invalid CUI: it has ${digits.length} digits`);
  }
  if (digits.startsWith('0')) return failure('invalid CUI: it must not start with 0');

  const expected = cuiCheckDigit(digits.slice(0, -1));
  if (Number(digits.at(-1)) !== expected) {
    return failure(`invalid CUI: the check digit is ${digits.at(-1)} but should be ${expected}`);
  }

  return { cui: { digits, vatPayer: match[1] !== undefined }, problem: null };
}

/** Parses a CUI, throwing a ValidationError on `field` when it is invalid. */
export function parseCui(input: string, field = 'taxId'): Cui {
  const result = checkCui(input);
  if (result.problem !== null) throw ValidationError.of(field, input, result.problem);

  return result.cui;
}

/** Formats a CUI for display: `RO14399840` for a VAT payer, the bare digits otherwise. */
export function formatCui(cui: Cui): string {
  return cui.vatPayer ? `RO${cui.digits}` : cui.digits;
}

function failure(problem: string): CuiResult {
  return { cui: null, problem: `${problem}; ${VALID_FORM}` };
}

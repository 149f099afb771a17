import { ValidationError } from '../errors.js';
import { foldSearchText } from './search-text.js';

/** The 41 counties of Romania and Bucharest, by their vehicle registration codes. */
export const COUNTIES = {
  AB: 'Alba',
  AR: 'Arad',
  AG: 'Argeș',
  BC: 'Bacău',
  BH: 'Bihor',
  BN: 'Bistrița-Năsăud',
  BT: 'Botoșani',
  BV: 'Brașov',
  BR: 'Brăila',
  B: 'București',
  BZ: 'Buzău',
  CS: 'Caraș-Severin',
  CL: 'Călărași',
  CJ: 'Cluj',
  CT: 'Constanța',
  CV: 'Covasna',
  DB: 'Dâmbovița',
  DJ: 'Dolj',
  GL: 'Galați',
  GR: 'Giurgiu',
  GJ: 'Gorj',
  HR: 'Harghita',
  HD: 'Hunedoara',
  IL: 'Ialomița',
  IS: 'Iași',
  IF: 'Ilfov',
  MM: 'Maramureș',
  MH: 'Mehedinți',
  MS: 'Mureș',
  NT: 'Neamț',
  OT: 'Olt',
  PH: 'Prahova',
  SM: 'Satu Mare',
  SJ: 'Sălaj',
  SB: 'Sibiu',
  SV: 'Suceava',
  TR: 'Teleorman',
  TM: 'Timiș',
  TL: 'Tulcea',
  VS: 'Vaslui',
  VL: 'Vâlcea',
  VN: 'Vrancea',
} as const;

export type CountyCode = keyof typeof COUNTIES;

/** County codes by folded code or name. Hyphens count as spaces, and "Bucharest" is accepted. */
const CODE_BY_KEY = new Map<string, CountyCode>(
  Object.entries(COUNTIES).flatMap(([code, name]) => [
    [countyKey(code), code as CountyCode],
    [countyKey(name), code as CountyCode],
  ]),
);
CODE_BY_KEY.set('bucharest', 'B');

const VALID_FORM =
  'send a county code such as CJ or B, or a county name such as Cluj or București; ' +
  'the counties query lists all 42';

function countyKey(text: string): string {
  return foldSearchText(text.replace(/-/g, ' '));
}

export type CountyResult = { code: CountyCode; problem: null } | { code: null; problem: string };

/** Finds a county by code or name, ignoring case and diacritics in comma-below or cedilla form. */
export function checkCounty(input: string): CountyResult {
  const code = CODE_BY_KEY.get(countyKey(input));
  if (code) return { code, problem: null };

  return { code: null, problem: `unknown county; ${VALID_FORM}` };
}

/** Parses a county code or name, throwing a ValidationError on `field` when unknown. */
export function parseCounty(input: string, field = 'county'): CountyCode {
  const result = checkCounty(input);
  if (result.problem !== null) throw ValidationError.of(field, input, result.problem);

  return result.code;
}

/** Returns the name of a stored county code, or null for a code this list does not have. */
export function countyName(code: string): string | null {
  return Object.hasOwn(COUNTIES, code) ? COUNTIES[code as CountyCode] : null;
}

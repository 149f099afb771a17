import type { CountyCode } from '../partners/counties.js';

interface CountyPlaces {
  /** The county's number in trade register ids, such as 40 in J40/1234/2015 for București. */
  registerNumber: number;
  /** Relative share of the demo partners registered in the county. */
  weight: number;
  /** Real towns and communes of the county, the seat first. */
  localities: readonly string[];
}

/** Localities of every county, written with comma-below ș and ț as the standard spells them. */
export const PLACES = {
  AB: {
    registerNumber: 1,
    weight: 1,
    localities: ['Alba Iulia', 'Aiud', 'Blaj', 'Sebeș', 'Cugir'],
  },
  AR: { registerNumber: 2, weight: 2, localities: ['Arad', 'Lipova', 'Ineu', 'Pecica', 'Sântana'] },
  AG: {
    registerNumber: 3,
    weight: 2,
    localities: ['Pitești', 'Câmpulung', 'Curtea de Argeș', 'Mioveni', 'Ștefănești', 'Topoloveni'],
  },
  BC: {
    registerNumber: 4,
    weight: 2,
    localities: ['Bacău', 'Onești', 'Moinești', 'Comănești', 'Buhuși'],
  },
  BH: {
    registerNumber: 5,
    weight: 2,
    localities: ['Oradea', 'Salonta', 'Marghita', 'Beiuș', 'Aleșd'],
  },
  BN: {
    registerNumber: 6,
    weight: 1,
    localities: ['Bistrița', 'Năsăud', 'Beclean', 'Sângeorz-Băi'],
  },
  BT: {
    registerNumber: 7,
    weight: 1,
    localities: ['Botoșani', 'Dorohoi', 'Darabani', 'Săveni', 'Ștefănești'],
  },
  BV: {
    registerNumber: 8,
    weight: 4,
    localities: ['Brașov', 'Făgăraș', 'Săcele', 'Codlea', 'Râșnov', 'Zărnești', 'Ghimbav'],
  },
  BR: { registerNumber: 9, weight: 1, localities: ['Brăila', 'Ianca', 'Însurăței', 'Făurei'] },
  BZ: {
    registerNumber: 10,
    weight: 1,
    localities: ['Buzău', 'Râmnicu Sărat', 'Nehoiu', 'Pogoanele'],
  },
  CS: {
    registerNumber: 11,
    weight: 1,
    localities: ['Reșița', 'Caransebeș', 'Oravița', 'Moldova Nouă', 'Anina'],
  },
  CJ: {
    registerNumber: 12,
    weight: 6,
    localities: ['Cluj-Napoca', 'Turda', 'Dej', 'Câmpia Turzii', 'Gherla', 'Florești', 'Apahida'],
  },
  CT: {
    registerNumber: 13,
    weight: 4,
    localities: ['Constanța', 'Mangalia', 'Medgidia', 'Năvodari', 'Ovidiu', 'Cernavodă'],
  },
  CV: {
    registerNumber: 14,
    weight: 1,
    localities: ['Sfântu Gheorghe', 'Târgu Secuiesc', 'Covasna', 'Baraolt'],
  },
  DB: {
    registerNumber: 15,
    weight: 1,
    localities: ['Târgoviște', 'Moreni', 'Pucioasa', 'Găești', 'Titu'],
  },
  DJ: {
    registerNumber: 16,
    weight: 2,
    localities: ['Craiova', 'Băilești', 'Calafat', 'Filiași', 'Segarcea'],
  },
  GL: { registerNumber: 17, weight: 2, localities: ['Galați', 'Tecuci', 'Târgu Bujor', 'Berești'] },
  GJ: {
    registerNumber: 18,
    weight: 1,
    localities: ['Târgu Jiu', 'Motru', 'Rovinari', 'Bumbești-Jiu', 'Novaci'],
  },
  HR: {
    registerNumber: 19,
    weight: 1,
    localities: ['Miercurea Ciuc', 'Odorheiu Secuiesc', 'Gheorgheni', 'Toplița'],
  },
  HD: {
    registerNumber: 20,
    weight: 1,
    localities: ['Deva', 'Hunedoara', 'Petroșani', 'Orăștie', 'Brad'],
  },
  IL: {
    registerNumber: 21,
    weight: 1,
    localities: ['Slobozia', 'Fetești', 'Urziceni', 'Țăndărei'],
  },
  IS: {
    registerNumber: 22,
    weight: 4,
    localities: ['Iași', 'Pașcani', 'Hârlău', 'Târgu Frumos', 'Podu Iloaiei', 'Miroslava'],
  },
  IF: {
    registerNumber: 23,
    weight: 4,
    localities: ['Voluntari', 'Otopeni', 'Buftea', 'Popești-Leordeni', 'Chitila', 'Bragadiru'],
  },
  MM: {
    registerNumber: 24,
    weight: 1,
    localities: ['Baia Mare', 'Sighetu Marmației', 'Borșa', 'Vișeu de Sus'],
  },
  MH: {
    registerNumber: 25,
    weight: 1,
    localities: ['Drobeta-Turnu Severin', 'Orșova', 'Strehaia', 'Vânju Mare'],
  },
  MS: {
    registerNumber: 26,
    weight: 2,
    localities: ['Târgu Mureș', 'Reghin', 'Sighișoara', 'Târnăveni', 'Luduș'],
  },
  NT: {
    registerNumber: 27,
    weight: 1,
    localities: ['Piatra Neamț', 'Roman', 'Târgu Neamț', 'Bicaz'],
  },
  OT: {
    registerNumber: 28,
    weight: 1,
    localities: ['Slatina', 'Caracal', 'Balș', 'Corabia', 'Scornicești'],
  },
  PH: {
    registerNumber: 29,
    weight: 3,
    localities: ['Ploiești', 'Câmpina', 'Sinaia', 'Breaza', 'Mizil', 'Vălenii de Munte'],
  },
  SM: {
    registerNumber: 30,
    weight: 1,
    localities: ['Satu Mare', 'Carei', 'Negrești-Oaș', 'Tășnad'],
  },
  SJ: {
    registerNumber: 31,
    weight: 1,
    localities: ['Zalău', 'Șimleu Silvaniei', 'Jibou', 'Cehu Silvaniei'],
  },
  SB: {
    registerNumber: 32,
    weight: 2,
    localities: ['Sibiu', 'Mediaș', 'Cisnădie', 'Avrig', 'Agnita'],
  },
  SV: {
    registerNumber: 33,
    weight: 2,
    localities: ['Suceava', 'Fălticeni', 'Rădăuți', 'Câmpulung Moldovenesc', 'Vatra Dornei'],
  },
  TR: {
    registerNumber: 34,
    weight: 1,
    localities: ['Alexandria', 'Roșiorii de Vede', 'Turnu Măgurele', 'Zimnicea'],
  },
  TM: {
    registerNumber: 35,
    weight: 5,
    localities: ['Timișoara', 'Lugoj', 'Sânnicolau Mare', 'Jimbolia', 'Buziaș', 'Dumbrăvița'],
  },
  TL: {
    registerNumber: 36,
    weight: 1,
    localities: ['Tulcea', 'Babadag', 'Măcin', 'Isaccea', 'Sulina'],
  },
  VS: { registerNumber: 37, weight: 1, localities: ['Vaslui', 'Bârlad', 'Huși', 'Negrești'] },
  VL: {
    registerNumber: 38,
    weight: 1,
    localities: ['Râmnicu Vâlcea', 'Drăgășani', 'Horezu', 'Călimănești', 'Băbeni'],
  },
  VN: {
    registerNumber: 39,
    weight: 1,
    localities: ['Focșani', 'Adjud', 'Mărășești', 'Panciu', 'Odobești'],
  },
  B: { registerNumber: 40, weight: 20, localities: ['București'] },
  CL: {
    registerNumber: 51,
    weight: 1,
    localities: ['Călărași', 'Oltenița', 'Budești', 'Lehliu Gară'],
  },
  GR: { registerNumber: 52, weight: 1, localities: ['Giurgiu', 'Bolintin-Vale', 'Mihăilești'] },
} as const satisfies Record<CountyCode, CountyPlaces>;

export const COUNTY_WEIGHTS = Object.fromEntries(
  Object.entries(PLACES).map(([code, places]) => [code, places.weight]),
) as Record<CountyCode, number>;

export const STREETS = [
  'Str. Mihai Eminescu',
  'Bd. Unirii',
  'Calea Victoriei',
  'Str. Avram Iancu',
  'Str. Libertății',
  'Bd. Revoluției',
  'Str. Republicii',
  'Str. Ștefan cel Mare',
  'Aleea Teilor',
  'Str. Gării',
  'Str. Fabricii',
  'Șos. Industriilor',
  'Str. Primăverii',
  'Str. Decebal',
  'Str. Trandafirilor',
  'Calea Moșilor',
  'Str. Vasile Alecsandri',
  'Str. Tudor Vladimirescu',
  'Str. Nicolae Bălcescu',
  'Bd. Independenței',
  'Str. Morii',
  'Str. Câmpului',
] as const;

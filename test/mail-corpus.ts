import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  MessageAnalysis,
  MessageFormat,
  ParsedMessage,
  ReadResult,
} from '../src/mail/index.js';
import { analyzeMessage, createAddressIndex, readMailFile } from '../src/mail/index.js';

/**
 * The shared email corpus: raw files plus manifest.json with the expected result of every
 * message. Tests read it in place from CRM_FIXTURES_DIR, by default ../shared/fixtures/email
 * beside the repository. Without it the corpus tests are skipped, except under CI=true.
 */
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
export const fixturesDir = resolve(
  repositoryRoot,
  process.env.CRM_FIXTURES_DIR ?? '../shared/fixtures/email',
);
export const corpusAvailable = existsSync(join(fixturesDir, 'manifest.json'));

if (!corpusAvailable) {
  const reason = `email corpus not found at ${fixturesDir}; set CRM_FIXTURES_DIR to its folder`;
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`skipping email corpus tests: ${reason}`);
}

export interface ExpectedAddress {
  address: string | null;
  name: string | null;
}

export interface ManifestMessage {
  index: number;
  [field: string]: unknown;
}

export interface ManifestCase {
  id: string;
  file: string;
  format: string;
  messages: ManifestMessage[];
  message_count?: number;
  file_size: number;
  file_sha256: string;
  [field: string]: unknown;
}

interface PartnersFile {
  own_company: { domains: string[] };
  partners: { id: string; name: string; sites: { id: string; name: string; emails: string[] }[] }[];
}

/** Manifest format names mapped to the reader formats. */
export const READER_FORMATS: Record<string, MessageFormat> = {
  eml: 'eml',
  mbox: 'mbox',
  outlook_txt: 'outlook_text',
  thunderbird_txt: 'thunderbird_text',
};

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as T;
}

export function loadManifestCases(): ManifestCase[] {
  return corpusAvailable ? loadJson<{ cases: ManifestCase[] }>('manifest.json').cases : [];
}

export function loadDirectory() {
  const partners = loadJson<PartnersFile>('partners.json');

  return createAddressIndex({
    ownDomains: partners.own_company.domains,
    partners: partners.partners,
  });
}

export async function readAll(source: AsyncIterable<ReadResult>): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of source) results.push(result);

  return results;
}

export interface CorpusMessage {
  message: ParsedMessage;
  analysis: MessageAnalysis;
  /** The key of the first message with the same dedupe key, when this one repeats it. */
  duplicateOf: string | null;
}

/**
 * Reads every message of the corpus in manifest order and replays the importer's dedupe check:
 * a message whose dedupe key was seen before is a duplicate of the first owner of that key.
 */
export async function loadCorpus(cases: ManifestCase[]) {
  const index = loadDirectory();
  const messages = new Map<string, CorpusMessage>();
  const failures = new Map<string, string>();
  const owners = new Map<string, string>();

  for (const entry of cases.filter((c) => READER_FORMATS[c.format])) {
    const path = join(fixturesDir, entry.file);
    for (const result of await readAll(
      readMailFile(path, { format: READER_FORMATS[entry.format] }),
    )) {
      const key = `${entry.id}#${result.index}`;
      if (!result.ok) {
        failures.set(key, result.reason);
        continue;
      }
      const analysis = analyzeMessage(result.message, index);
      const duplicateOf = owners.get(analysis.dedupe.key) ?? null;
      if (!duplicateOf) owners.set(analysis.dedupe.key, key);
      messages.set(key, { message: result.message, analysis, duplicateOf });
    }
  }

  return { messages, failures };
}

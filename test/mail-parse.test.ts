import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailAddress, MailAttachment } from '../src/mail/index.js';
import { detectFormat, normalizeAddress, normalizeRomanian } from '../src/mail/index.js';
import type {
  CorpusMessage,
  ExpectedAddress,
  ManifestCase,
  ManifestMessage,
} from './mail-corpus.js';
import {
  corpusAvailable,
  fixturesDir,
  loadCorpus,
  loadManifestCases,
  READER_FORMATS,
} from './mail-corpus.js';

type Check = (actual: CorpusMessage, expected: unknown, manifest: ManifestMessage) => void;

// Fields written for people. The checks of the other fields cover what they describe.
const INFORMATIONAL_FIELDS = new Set(['index', 'notes', 'must_not']);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function isoSeconds(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.000Z$/, 'Z') : null;
}

function comparable(entry: MailAddress | ExpectedAddress | null) {
  return entry && { address: normalizeAddress(entry.address), name: entry.name };
}

function expectFiles(actual: MailAttachment[], expected: Record<string, unknown>[]) {
  expect(actual.map((file) => file.filename)).toEqual(expected.map((file) => file.filename));
  for (const [i, file] of expected.entries()) {
    if ('content_type' in file) expect(actual[i]?.contentType).toBe(file.content_type);
    if ('size' in file) expect(actual[i]?.size).toBe(file.size);
    if ('sha256' in file) expect(actual[i]?.sha256).toBe(file.sha256);
    if ('content_id' in file) expect(actual[i]?.contentId).toBe(file.content_id);
  }
}

function matchedIds({ analysis }: CorpusMessage) {
  const match = analysis.match;

  return match.status === 'matched'
    ? { partnerId: match.partnerId, siteId: match.siteId, via: match.via }
    : { partnerId: null, siteId: null, via: null };
}

function excerptsIn(text: string, excerpts: unknown) {
  for (const excerpt of excerpts as string[]) expect(text).toContain(excerpt);
}

const CHECKS: Record<string, Check> = {
  direction: ({ analysis }, expected) => expect(analysis.direction).toBe(expected),
  message_id: ({ message }, expected) => expect(message.messageId).toBe(expected),
  from: ({ message }, expected) =>
    expect(comparable(message.from)).toEqual(comparable(expected as ExpectedAddress)),
  reply_to: ({ message }, expected) =>
    expect(message.replyTo.map(comparable)).toEqual(
      (expected as ExpectedAddress[]).map(comparable),
    ),
  to: ({ message }, expected) =>
    expect(message.to.map(comparable)).toEqual((expected as ExpectedAddress[]).map(comparable)),
  cc: ({ message }, expected) =>
    expect(message.cc.map(comparable)).toEqual((expected as ExpectedAddress[]).map(comparable)),
  subject: ({ message }, expected) => expect(message.subject).toBe(expected),
  subject_normalized_ro: ({ message }, expected) =>
    expect(normalizeRomanian(message.subject)).toBe(expected),
  date_utc: ({ message }, expected, manifest) => {
    const accepted = [expected, ...((manifest.date_utc_alternatives as string[]) ?? [])];
    expect(accepted).toContain(isoSeconds(message.date));
  },
  date_utc_alternatives: () => undefined,
  date_source: ({ message }, expected) => {
    const zone = message.dateZone?.toLowerCase().replace('/', '_');
    expect(zone ? `${message.dateSource}_${zone}` : message.dateSource).toBe(expected);
  },
  in_reply_to: ({ message }, expected) => expect(message.inReplyTo).toBe(expected),
  references: ({ message }, expected) => expect(message.references).toEqual(expected),
  thread_root_message_id: ({ analysis }, expected) => expect(analysis.threadRootId).toBe(expected),
  body_excerpts: ({ message }, expected) => excerptsIn(collapse(message.text), expected),
  body_excerpts_normalized_ro: ({ message }, expected) =>
    excerptsIn(normalizeRomanian(collapse(message.text)), expected),
  forwarded_excerpts: ({ message }, expected) => excerptsIn(collapse(message.text), expected),
  body_must_not_contain: ({ message }, expected) => {
    for (const sign of expected as string[]) expect(message.text).not.toContain(sign);
  },
  attachments: ({ message }, expected) =>
    expectFiles(message.attachments, expected as Record<string, unknown>[]),
  attachments_alternatives: ({ message }, expected, manifest) => {
    const lists = [manifest.attachments, ...(expected as unknown[])] as {
      content_type?: string;
    }[][];
    const shapes = lists.map((list) => list.map((file) => file.content_type ?? null));
    expect(shapes).toContainEqual(message.attachments.map((file) => file.contentType));
  },
  inline_images: ({ message }, expected) =>
    expectFiles(message.inlineImages, expected as Record<string, unknown>[]),
  classification: ({ analysis }, expected) => expect(analysis.classification.kind).toBe(expected),
  task_expected: (actual, expected) =>
    expect(actual.analysis.taskExpected && actual.duplicateOf === null).toBe(expected),
  duplicate_of: (actual, expected) => expect(actual.duplicateOf).toBe(expected),
  partner_id: (actual, expected) => expect(matchedIds(actual).partnerId).toBe(expected),
  site_id: (actual, expected) => expect(matchedIds(actual).siteId).toBe(expected),
  matched_via: (actual, expected) => expect(matchedIds(actual).via).toBe(expected),
  calendar: ({ message }, expected) => {
    const event = message.calendarEvents[0];
    const wanted = expected as Record<string, string>;
    expect(message.calendarEvents).toHaveLength(1);
    expect(event?.method).toBe(wanted.method);
    expect(event?.uid).toBe(wanted.uid);
    expect(event?.summary).toBe(wanted.summary);
    expect(isoSeconds(event?.start ?? null)).toBe(wanted.dtstart_utc);
    expect(isoSeconds(event?.end ?? null)).toBe(wanted.dtend_utc);
    expect(event?.organizer).toBe(wanted.organizer);
  },
  bounce: ({ analysis }, expected) => {
    const wanted = expected as Record<string, unknown>;
    const bounce = analysis.bounce;
    expect(bounce?.failedRecipients).toEqual(wanted.failed_recipients);
    expect(bounce?.recipients[0]?.status).toBe(wanted.status);
    expect(bounce?.recipients[0]?.action).toBe(wanted.action);
    expect(bounce?.originalMessageId).toBe(wanted.original_message_id);
    expect(bounce?.originalSubject).toBe(wanted.original_subject);
    expect(bounce?.relatedSites[0]?.partnerId).toBe(wanted.related_partner_id);
    expect(bounce?.relatedSites[0]?.siteId).toBe(wanted.related_site_id);
  },
};

const cases = loadManifestCases();
const readableCases = cases.filter((entry) => READER_FORMATS[entry.format]);
let corpus: Awaited<ReturnType<typeof loadCorpus>>;

beforeAll(async () => {
  if (corpusAvailable) corpus = await loadCorpus(cases);
});

describe.skipIf(!corpusAvailable)('email corpus', () => {
  it('has a reader for every case except IMAP scenarios', () => {
    const unknown = cases.filter((c) => !READER_FORMATS[c.format] && c.format !== 'imap_scenario');
    expect(unknown.map((c) => c.id)).toEqual([]);
  });

  const namedCases = readableCases.map((entry) => [`${entry.id} ${entry.file}`, entry] as const);

  describe.each(namedCases)('%s', (_, entry: ManifestCase) => {
    const bytes = () => readFileSync(join(fixturesDir, entry.file));

    it('file size', () => expect(bytes().length).toBe(entry.file_size));
    it('file sha256', () =>
      expect(createHash('sha256').update(bytes()).digest('hex')).toBe(entry.file_sha256));
    it('detected format', () =>
      expect(detectFormat(bytes(), entry.file)).toBe(READER_FORMATS[entry.format]));
    it('message count', () => {
      const read = [...corpus.messages.keys()].filter((key) => key.startsWith(`${entry.id}#`));
      expect(read).toHaveLength(entry.message_count ?? entry.messages.length);
    });

    const namedMessages = entry.messages.map((m) => [`${entry.id}#${m.index}`, m] as const);

    describe.each(namedMessages)('%s', (key, manifest: ManifestMessage) => {
      const fields = Object.entries(manifest).filter(([field]) => !INFORMATIONAL_FIELDS.has(field));

      it('parses', () => expect(corpus.failures.get(key)).toBeUndefined());
      it.each(fields)('%s', (field, expected) => {
        const check = CHECKS[field];
        if (!check) throw new Error(`no check for manifest field "${field}"; add one to CHECKS`);
        check(corpus.messages.get(key)!, expected, manifest);
      });
    });
  });
});

describe.skipIf(!corpusAvailable)('email corpus dedupe', () => {
  function tasksCreated(keys: string[]): number {
    const seen = new Set<string>();
    let tasks = 0;
    for (const key of keys) {
      const { analysis } = corpus.messages.get(key)!;
      if (analysis.taskExpected && !seen.has(analysis.dedupe.key)) tasks += 1;
      seen.add(analysis.dedupe.key);
    }

    return tasks;
  }

  it('duplicate pair gives one task in file order', () => {
    expect(tasksCreated(['S08#0', 'S08#3'])).toBe(1);
  });

  it('duplicate pair gives one task in reverse order', () => {
    expect(tasksCreated(['S08#3', 'S08#0'])).toBe(1);
  });

  it('re-read files keep their dedupe keys', async () => {
    const again = await loadCorpus(
      cases.filter((entry) => ['S01', 'S02', 'S03'].includes(entry.id)),
    );
    for (const key of ['S01#0', 'S02#0', 'S03#0']) {
      expect(again.messages.get(key)?.analysis.dedupe.key).toBe(
        corpus.messages.get(key)?.analysis.dedupe.key,
      );
    }
  });

  it('distinct corpus messages have distinct keys', () => {
    const owners = [...corpus.messages.values()].filter((entry) => entry.duplicateOf === null);
    const keys = new Set(owners.map((entry) => entry.analysis.dedupe.key));
    expect(keys.size).toBe(owners.length);
  });
});

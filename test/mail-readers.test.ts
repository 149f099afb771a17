import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage, ReadResult } from '../src/mail/index.js';
import {
  parseMessage,
  readMailFile,
  readMbox,
  readOutlookText,
  readThunderbirdText,
} from '../src/mail/index.js';

async function readAll(source: AsyncIterable<ReadResult> | Iterable<ReadResult>) {
  const results: ReadResult[] = [];
  for await (const result of source) results.push(result);

  return results;
}

function messages(results: ReadResult[]): ParsedMessage[] {
  return results.flatMap((result) => (result.ok ? [result.message] : []));
}

const ROMANIAN_OUTLOOK = [
  'De la:\tIon Popescu <Ion.Popescu@Partener.example>',
  'Trimis:\tjoi, 20 iunie 2024 14:05',
  "Către:\tVânzări Nord Instal; 'office@nordinstal.example'",
  'Cc:\tIulia Rădulescu',
  'Subiect:\tOfertă țeavă și oțel',
  'Atașări:\tdeviz.pdf; schiță hală.jpg',
  '',
  'Bună ziua, vă trimit oferta.',
  '',
].join('\r\n');

describe('Outlook text export', () => {
  it.each([
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ROMANIAN_OUTLOOK, 'utf-16le')]),
    ],
    ['UTF-16LE without BOM', iconv.encode(ROMANIAN_OUTLOOK, 'utf-16le')],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROMANIAN_OUTLOOK)]),
    ],
  ])('reads %s', async (_, bytes) => {
    const [message] = messages(await readAll(readOutlookText(bytes)));
    expect(message?.subject).toBe('Ofertă țeavă și oțel');
  });

  describe('Romanian labels', () => {
    let message: ParsedMessage;
    beforeAll(async () => {
      const bytes = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        iconv.encode(ROMANIAN_OUTLOOK, 'utf-16le'),
      ]);
      [message] = messages(await readAll(readOutlookText(bytes))) as [ParsedMessage];
    });

    it('sender', () =>
      expect(message.from).toEqual({
        address: 'Ion.Popescu@Partener.example',
        name: 'Ion Popescu',
      }));
    it('recipients', () =>
      expect(message.to).toEqual([
        { address: null, name: 'Vânzări Nord Instal' },
        { address: 'office@nordinstal.example', name: null },
      ]));
    it('cc', () => expect(message.cc).toEqual([{ address: null, name: 'Iulia Rădulescu' }]));
    it('summer local time', () =>
      expect(message.date?.toISOString()).toBe('2024-06-20T11:05:00.000Z'));
    it('date source', () => expect(message.dateSource).toBe('export_local_time'));
    it('attachment names', () =>
      expect(message.attachments.map((file) => file.filename)).toEqual([
        'deviz.pdf',
        'schiță hală.jpg',
      ]));
    it('attachment sizes unknown', () =>
      expect(message.attachments.map((file) => file.size)).toEqual([null, null]));
    it('body', () => expect(message.text).toBe('Bună ziua, vă trimit oferta.'));
  });

  it('reads windows-1250 without BOM', async () => {
    const text = ROMANIAN_OUTLOOK.replace('Ofertă țeavă și oțel', 'Recepţie marfă – ţevi');
    const [message] = messages(await readAll(readOutlookText(iconv.encode(text, 'windows-1250'))));
    expect(message?.subject).toBe('Recepţie marfă – ţevi');
  });

  it('reads English winter time', async () => {
    const text =
      'From:\tA <a@p.example>\r\nSent:\tWednesday, January 10, 2024 2:05 PM\r\nSubject:\tx\r\n\r\nbody';
    const [message] = messages(await readAll(readOutlookText(Buffer.from(text))));
    expect(message?.date?.toISOString()).toBe('2024-01-10T12:05:00.000Z');
  });

  it('reads several messages and skips quoted history', async () => {
    const quoted =
      '\r\n________________________________\r\nFrom:\tB <b@p.example>\r\nSent:\tMonday, June 17, 2024 9:00 AM\r\n\r\nold\r\n';
    const text = `${ROMANIAN_OUTLOOK}${quoted}\r\nFrom:\tC <c@p.example>\r\nSent:\tFriday, June 21, 2024 9:00 AM\r\nSubject:\tsecond\r\n\r\nnew`;
    const found = messages(await readAll(readOutlookText(Buffer.from(text))));
    expect(found.map((message) => message.from?.address)).toEqual([
      'Ion.Popescu@Partener.example',
      'c@p.example',
    ]);
  });

  it('reports a file without header block', async () => {
    const [result] = await readAll(readOutlookText(Buffer.from('just some text\r\n')));
    expect(result).toMatchObject({ ok: false, code: 'MISSING_HEADER' });
  });
});

describe('export local time around DST changes', () => {
  it.each([
    ['31.03.2024, 02:30', '2024-03-31T00:30:00.000Z'],
    ['31.03.2024, 03:30', '2024-03-31T01:30:00.000Z'],
    ['31.03.2024, 04:30', '2024-03-31T01:30:00.000Z'],
    ['27.10.2024, 02:30', '2024-10-26T23:30:00.000Z'],
    ['27.10.2024, 03:30', '2024-10-27T00:30:00.000Z'],
    ['27.10.2024, 04:30', '2024-10-27T02:30:00.000Z'],
  ])('%s in Bucharest is %s', async (local, utc) => {
    const text = `Subiect: x\r\nde la: A <a@p.example>\r\nDată: ${local}\r\n\r\nbody\r\n`;
    const [message] = messages(await readAll(readThunderbirdText(Buffer.from(text))));
    expect(message?.date?.toISOString()).toBe(utc);
  });
});

describe('Thunderbird text export', () => {
  const separator = '\r\n-------------------------\r\n\r\n';
  const first =
    'Subject: Pump service\r\nFrom: Ana <ana@p.example>\r\nDate: 4/8/2024, 11:20 AM\r\nTo: vanzari@nordinstal.example\r\n\r\nThe pump is noisy.\r\n';
  const broken = 'Subject: no sender\r\nDate: 4/9/2024, 9:00 AM\r\n\r\nlost\r\n';
  const third =
    'Subiect: Plată\r\nde la: Contabilitate <c@p.example>\r\nDată: Wed, 10 Apr 2024 16:47:00 +0300\r\n\r\nAvans virat.\r\n\r\n----- Attachments -----\r\n- chitanta.pdf\r\n';

  it('reads English labels', async () => {
    const [message] = messages(await readAll(readThunderbirdText(Buffer.from(first))));
    expect(message?.date?.toISOString()).toBe('2024-04-08T08:20:00.000Z');
  });

  it('keeps reading after a block without sender', async () => {
    const results = await readAll(
      readThunderbirdText(Buffer.from(first + separator + broken + separator + third)),
    );
    expect(messages(results).map((message) => message.subject)).toEqual(['Pump service', 'Plată']);
  });

  it('takes a date with offset as is', async () => {
    const [message] = messages(await readAll(readThunderbirdText(Buffer.from(third))));
    expect(message?.dateSource).toBe('export_zoned_time');
  });

  it('moves the attachment list out of the body', async () => {
    const [message] = messages(await readAll(readThunderbirdText(Buffer.from(third))));
    expect([message?.text, message?.attachments[0]?.filename]).toEqual([
      'Avans virat.',
      'chitanta.pdf',
    ]);
  });
});

describe('mbox', () => {
  const mbox = [
    'From a@p.example Tue Apr  2 06:15:40 2024',
    'From: a@p.example',
    'Subject: first',
    '',
    'line one',
    '>From Monday on we load at 07:00.',
    '>>From here too.',
    'From Monday on, unescaped.',
    '',
    'From b@p.example Wed Apr  3 07:00:00 2024',
    'From: b@p.example',
    'Subject: second',
    '',
    'body',
    '',
  ].join('\r\n');

  it('splits at From_ lines only', async () => {
    const found = messages(await readAll(readMbox(Buffer.from(mbox))));
    expect(found.map((message) => message.subject)).toEqual(['first', 'second']);
  });

  it('unescapes >From lines', async () => {
    const [message] = messages(await readAll(readMbox(Buffer.from(mbox))));
    expect(message?.text).toContain('From Monday on we load at 07:00.\n>From here too.');
  });

  it('uses the From_ date without Date header', async () => {
    const [message] = messages(await readAll(readMbox(Buffer.from(mbox))));
    expect([message?.dateSource, message?.date?.toISOString()]).toEqual([
      'mbox_from_line',
      '2024-04-02T06:15:40.000Z',
    ]);
  });

  it('streams chunk by chunk', async () => {
    async function* chunks() {
      for (let i = 0; i < mbox.length; i += 7) yield Buffer.from(mbox.slice(i, i + 7));
    }
    const found = messages(await readAll(readMbox(chunks())));
    expect(found.map((message) => message.subject)).toEqual(['first', 'second']);
  });
});

describe('charsets', () => {
  it('decodes an ISO-8859-16 subject', async () => {
    const word = iconv.encode('Ofertă țeavă și oțel', 'iso-8859-16').toString('base64');
    const message = await parseMessage(
      Buffer.from(`From: a@p.example\r\nSubject: =?ISO-8859-16?B?${word}?=\r\n\r\nx`),
    );
    expect(message.subject).toBe('Ofertă țeavă și oțel');
  });

  it('decodes an ISO-8859-16 body', async () => {
    const head = Buffer.from(
      'From: a@p.example\r\nContent-Type: text/plain; charset=iso-8859-16\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
    );
    const message = await parseMessage(
      Buffer.concat([head, iconv.encode('Șantier: țeavă și oțel €', 'iso-8859-16')]),
    );
    expect(message.text).toBe('Șantier: țeavă și oțel €');
  });

  it('decodes raw windows-1250 headers', async () => {
    const head = iconv.encode(
      'From: Ştefan Ţurcanu <s@p.example>\r\nSubject: Recepţie marfă\r\nContent-Type: text/plain; charset=windows-1250\r\n\r\nx',
      'windows-1250',
    );
    const message = await parseMessage(head);
    expect([message.subject, message.from?.name]).toEqual(['Recepţie marfă', 'Ştefan Ţurcanu']);
  });

  it('joins a character split across encoded words', async () => {
    const bytes = Buffer.from('ță', 'utf8');
    const first = bytes.subarray(0, 1).toString('base64');
    const second = bytes.subarray(1).toString('base64');
    const message = await parseMessage(
      Buffer.from(`Subject: =?UTF-8?B?${first}?=\r\n =?UTF-8?B?${second}?=\r\n\r\nx`),
    );
    expect(message.subject).toBe('ță');
  });

  it('never substitutes the import time for a bad date', async () => {
    const message = await parseMessage(
      Buffer.from('From: a@p.example\r\nDate: sometime soon\r\n\r\nx'),
    );
    expect([message.date, message.dateSource]).toEqual([null, 'none']);
  });
});

describe('readMailFile', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'crm-mail-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.each([
    [
      'inbox',
      'From a@p.example Tue Apr  2 06:15:40 2024\nFrom: a@p.example\nSubject: s\n\nx\n',
      'mbox',
    ],
    ['message.eml', 'From: a@p.example\r\nSubject: s\r\n\r\nx', 'eml'],
    [
      'export.txt',
      'From:\tA <a@p.example>\r\nSent:\tThursday, June 20, 2024 2:05 PM\r\nSubject:\ts\r\n\r\nx',
      'outlook_text',
    ],
    [
      'export-tb.txt',
      'Subject: s\r\nFrom: A <a@p.example>\r\nDate: 4/8/2024, 11:20 AM\r\n\r\nx',
      'thunderbird_text',
    ],
  ])('detects %s', async (name, content, format) => {
    await writeFile(join(folder, name), content);
    const [message] = messages(await readAll(readMailFile(join(folder, name))));
    expect(message?.format).toBe(format);
  });

  it('rejects a file over the size limit', async () => {
    await writeFile(join(folder, 'big.eml'), `Subject: s\r\n\r\n${'x'.repeat(5000)}`);
    const [result] = await readAll(
      readMailFile(join(folder, 'big.eml'), { limits: { maxMessageBytes: 1000 } }),
    );
    expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
  });
});

import { describe, expect, it } from 'vitest';
import type { MailAddress, ParsedMessage } from '../src/mail/index.js';
import {
  classifyMessage,
  createAddressIndex,
  dedupeKey,
  matchMessage,
  normalizeAddress,
  parseMessage,
} from '../src/mail/index.js';

const index = createAddressIndex({
  ownDomains: ['nordinstal.example'],
  partners: [
    {
      id: 'P1',
      name: 'Alfa',
      sites: [
        { id: 'P1-S1', name: 'HQ', emails: ['Office@Alfa.example', 'shared@common.example'] },
        { id: 'P1-S2', name: 'Site', emails: ['santier@alfa.example'] },
      ],
    },
    {
      id: 'P2',
      name: 'Beta',
      sites: [{ id: 'P2-S1', name: 'HQ', emails: ['shared@common.example'] }],
    },
    // A partner site that lists a company address: never used for matching.
    {
      id: 'P3',
      name: 'Gamma',
      sites: [
        { id: 'P3-S1', name: 'HQ', emails: ['vanzari@nordinstal.example', 'gamma@gamma.example'] },
      ],
    },
  ],
});

function mailbox(address: string): MailAddress {
  return { address, name: null };
}

function message(fields: Partial<ParsedMessage>): ParsedMessage {
  return {
    format: 'eml',
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    sender: null,
    replyTo: [],
    to: [],
    cc: [],
    subject: '',
    date: null,
    dateSource: 'none',
    dateZone: null,
    text: '',
    html: null,
    attachments: [],
    inlineImages: [],
    calendarEvents: [],
    nestedMessages: [],
    deliveryStatus: [],
    headers: {},
    warnings: [],
    ...fields,
  };
}

describe('normalizeAddress', () => {
  it.each([
    ['  Office@Alfa.EXAMPLE ', 'office@alfa.example'],
    ['<office@alfa.example>', 'office@alfa.example'],
    ["'office@alfa.example'", 'office@alfa.example'],
    ['"office@alfa.example"', 'office@alfa.example'],
    ['mailto:Office@alfa.example', 'office@alfa.example'],
    ["<mailto:'office@alfa.example'>", 'office@alfa.example'],
  ])('%j becomes %j', (raw, normalized) => {
    expect(normalizeAddress(raw)).toBe(normalized);
  });

  it.each(['', 'Vânzări Nord Instal', 'a@b@c', '<>'])('%j is no address', (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });
});

describe('matchMessage', () => {
  it('matches From ignoring case', () => {
    const result = matchMessage(message({ from: mailbox('OFFICE@alfa.example') }), index);
    expect(result).toMatchObject({
      status: 'matched',
      partnerId: 'P1',
      siteId: 'P1-S1',
      via: 'from',
    });
  });

  it('falls back to Reply-To', () => {
    const result = matchMessage(
      message({
        from: mailbox('noreply@platform.example'),
        replyTo: [mailbox('santier@alfa.example')],
      }),
      index,
    );
    expect(result).toMatchObject({ status: 'matched', siteId: 'P1-S2', via: 'reply_to' });
  });

  it('falls back to Cc', () => {
    const result = matchMessage(
      message({ from: mailbox('x@unknown.example'), cc: [mailbox('gamma@gamma.example')] }),
      index,
    );
    expect(result).toMatchObject({ status: 'matched', partnerId: 'P3', via: 'cc' });
  });

  it('stops at the first step that finds a partner', () => {
    const result = matchMessage(
      message({ from: mailbox('santier@alfa.example'), cc: [mailbox('gamma@gamma.example')] }),
      index,
    );
    expect(result).toMatchObject({ partnerId: 'P1', via: 'from' });
  });

  it('reports an address of two partners as ambiguous', () => {
    const result = matchMessage(message({ from: mailbox('shared@common.example') }), index);
    expect(result.status === 'ambiguous' && result.candidates.map((c) => c.partnerId)).toEqual([
      'P1',
      'P2',
    ]);
  });

  it('matches outgoing mail by To', () => {
    const result = matchMessage(
      message({ from: mailbox('vlad@nordinstal.example'), to: [mailbox('gamma@gamma.example')] }),
      index,
    );
    expect(result).toMatchObject({ status: 'matched', partnerId: 'P3', via: 'to' });
  });

  it('never matches a company address', () => {
    const result = matchMessage(
      message({
        from: mailbox('vlad@nordinstal.example'),
        to: [mailbox('vanzari@nordinstal.example')],
      }),
      index,
    );
    expect(result.status).toBe('unmatched');
  });

  it.each([
    'ffice@alfa.example',
    'office@alfa.example.evil',
    'office@sub.alfa.example',
    'new@alfa.example',
  ])('%s does not match by substring or domain', (address) => {
    expect(matchMessage(message({ from: mailbox(address) }), index).status).toBe('unmatched');
  });

  it('offers a domain hint without linking', () => {
    const result = matchMessage(message({ from: mailbox('new@alfa.example') }), index);
    expect(result).toMatchObject({ status: 'unmatched', domainHints: ['P1'] });
  });

  it('ignores the Sender header', () => {
    const result = matchMessage(
      message({ from: mailbox('x@unknown.example'), sender: mailbox('office@alfa.example') }),
      index,
    );
    expect(result.status).toBe('unmatched');
  });

  it('says which addresses were tried', () => {
    const result = matchMessage(message({ from: mailbox('x@unknown.example') }), index);
    expect(result).toMatchObject({
      status: 'unmatched',
      reason: 'no partner site has the address from x@unknown.example',
    });
  });
});

describe('classifyMessage', () => {
  const rules: [Record<string, string[]>, string, string][] = [
    [{ 'auto-submitted': ['auto-replied'] }, '', 'auto_reply'],
    [{ 'auto-submitted': ['auto-generated; type=x'] }, '', 'auto_reply'],
    [{ 'auto-submitted': ['no'] }, '', 'normal'],
    [{ 'x-autoreply': ['yes'] }, '', 'auto_reply'],
    [{ 'x-autorespond': ['1'] }, '', 'auto_reply'],
    [{ precedence: ['auto_reply'] }, '', 'auto_reply'],
    [{ precedence: ['bulk'] }, '', 'normal'],
    [{}, 'Răspuns automat: concediu', 'auto_reply'],
    [{}, 'Out of Office: until Monday', 'auto_reply'],
    [{}, 'Re: automatic reply: not a prefix', 'normal'],
    [
      { 'content-type': ['multipart/report; report-type="delivery-status"; boundary=x'] },
      '',
      'bounce',
    ],
    [{ 'return-path': ['<>'] }, '', 'bounce'],
  ];

  it.each(rules)('headers %j subject %j is %s', (headers, subject, kind) => {
    const from = mailbox(headers['return-path'] ? 'MAILER-DAEMON@relay.example' : 'a@b.example');
    expect(classifyMessage(message({ headers, subject, from })).kind).toBe(kind);
  });

  it('needs an empty Return-Path for a postmaster bounce', () => {
    const headers = { 'return-path': ['<postmaster@relay.example>'] };
    expect(
      classifyMessage(message({ headers, from: mailbox('postmaster@relay.example') })).kind,
    ).toBe('normal');
  });

  it('takes an .ics attachment as an invite', () => {
    const ics = {
      filename: 'invite.ics',
      originalFilename: 'invite.ics',
      contentType: 'application/octet-stream',
      contentId: null,
      size: 1,
      sha256: 'x',
      content: null,
      contentOmittedReason: null,
    };
    expect(classifyMessage(message({ attachments: [ics] })).kind).toBe('calendar_invite');
  });
});

describe('dedupeKey', () => {
  const base = 'From: a@p.example\r\nSubject: s\r\nDate: Tue, 02 Apr 2024 09:15:32 +0300\r\n';

  it('ignores transit headers', async () => {
    const first = await parseMessage(
      Buffer.from(
        `Received: from a by b; Tue, 02 Apr 2024 09:15:38 +0300\r\nX-Mozilla-Status: 0001\r\n${base}Message-ID: <m@p.example>\r\n\r\nbody`,
      ),
    );
    const second = await parseMessage(
      Buffer.from(
        `Delivered-To: v@nordinstal.example\r\nReturn-Path: <a@p.example>\r\n${base}Message-ID: <m@p.example>\r\n\r\nbody`,
      ),
    );
    expect(dedupeKey(first).key).toBe(dedupeKey(second).key);
  });

  it('separates equal Message-IDs with other content', async () => {
    const first = await parseMessage(
      Buffer.from(`${base}Message-ID: <m@p.example>\r\n\r\nbody one`),
    );
    const second = await parseMessage(
      Buffer.from(`${base}Message-ID: <m@p.example>\r\n\r\nbody two`),
    );
    expect(dedupeKey(first).key).not.toBe(dedupeKey(second).key);
  });

  it('keys a message without Message-ID by content', async () => {
    const first = await parseMessage(Buffer.from(`${base}\r\nbody`));
    const second = await parseMessage(Buffer.from(`${base}\r\nbody`));
    expect(dedupeKey(first).key).toBe(dedupeKey(second).key);
  });

  it('separates other attachments', async () => {
    const withFile = (bytes: string) =>
      parseMessage(
        Buffer.from(
          `${base}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nbody\r\n--b\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\n${bytes}\r\n--b--\r\n`,
        ),
      );
    expect(dedupeKey(await withFile('one')).key).not.toBe(dedupeKey(await withFile('two')).key);
  });
});

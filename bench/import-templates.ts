/**
 * Benchmark message templates built on the email corpus files. Each takes a corpus message and
 * gives it a new Message-ID, date, sender, subject number and body numbers. Its charset, transfer
 * encodings, MIME structure and the quirks its corpus case covers stay as they are.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { splitMbox } from '../src/mail/readers/split-mbox.js';
import type { SeededRandom } from '../src/seed/random.js';
import { RawMessage } from './import-message-edits.js';

/** The company's own staff address the corpus replies come from. */
export const OWN_ADDRESS = 'vlad.tanase@nordinstal.example';

/** A conversation generated messages may reply to. */
export interface Thread {
  lastId: string;
  references: string[];
  partnerAddress: string;
  lastOutgoingId: string | null;
}

/** What varies from one generated message to the next. */
export interface MessagePlan {
  seq: number;
  messageId: string;
  date: Date;
  /** The partner (or unknown) address the message is from or about. */
  sender: string;
  /** The conversation a reply belongs to; null for the other templates. */
  thread: Thread | null;
  random: SeededRandom;
}

export interface Template {
  name: string;
  /** Share of the generated messages, in percent of the RFC 5322 messages. */
  weight: number;
  /** `new` messages start conversations, `reply` needs one, `other` is neither. */
  role: 'new' | 'reply' | 'other';
  build(plan: MessagePlan): Buffer;
}

type Fixtures = Record<string, Buffer>;

const ISO_8859_16_BODY = `Bună ziua,

Vă rugăm să ne trimiteți oferta pentru {n} bucăți de țeavă și fitinguri,
livrare la șantierul din Brașov până la sfârșitul lunii.

Mulțumim,
Ștefan Țurcanu`;

/** Formats a date as an RFC 5322 Date value in the company's zone, such as `+0200`. */
export function rfc5322Date(date: Date): string {
  return DateTime.fromJSDate(date, { zone: 'Europe/Bucharest' })
    .setLocale('en-US')
    .toFormat('ccc, dd LLL yyyy HH:mm:ss ZZZ');
}

function digits(random: SeededRandom, count: number): string {
  const first = String(random.int(1, 9));
  let rest = '';
  for (let i = 1; i < count; i += 1) rest += String(random.int(0, 9));

  return first + rest;
}

/** Bytes that start like a PDF, so the attachment is stored as a new blob for every message. */
function pdfBytes(random: SeededRandom): Buffer {
  const size = random.chance(0.05) ? random.int(100_000, 500_000) : random.int(4_000, 40_000);
  const bytes = Buffer.alloc(Math.ceil(size / 4) * 4);
  for (let i = 0; i < bytes.length; i += 4)
    bytes.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
  bytes.write('%PDF-1.4\n', 0, 'latin1');

  return bytes.subarray(0, size);
}

/** Sets what every template varies: Message-ID, Date and a number after the subject. */
function vary(message: RawMessage, plan: MessagePlan, options: { date?: boolean } = {}) {
  message.set('Message-ID', plan.messageId).appendTo('Subject', ` #${plan.seq}`);
  if (options.date !== false) message.set('Date', rfc5322Date(plan.date));

  return message;
}

function threadHeaders(message: RawMessage, thread: Thread) {
  return message
    .set('In-Reply-To', thread.lastId)
    .set('References', thread.references.slice(-8).join(' '));
}

function encodedWord(text: string, charset: string): string {
  return `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;
}

/** Builds a message in ISO-8859-16, which no corpus file uses: 8-bit body, B-encoded subject. */
function iso885916Message(plan: MessagePlan): Buffer {
  const charset = 'ISO-8859-16';
  const quantity = digits(plan.random, 3);
  const head = [
    `From: ${encodedWord('Ștefan Țurcanu', charset)} <${plan.sender}>`,
    `To: ${encodedWord('Vânzări Nord Instal', charset)} <vanzari@nordinstal.example>`,
    `Subject: ${encodedWord(`Ofertă țeavă și fitinguri, lotul ${plan.seq}`, charset)}`,
    `Date: ${rfc5322Date(plan.date)}`,
    `Message-ID: ${plan.messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset="${charset}"`,
    'Content-Transfer-Encoding: 8bit',
  ].join('\r\n');
  const body = ISO_8859_16_BODY.replace('{n}', quantity).replace(/\n/g, '\r\n');

  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), iconv.encode(body, charset)]);
}

async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Reads the corpus files the templates are built on, with the mbox split into its messages. */
export async function loadFixtures(fixturesDir: string): Promise<Fixtures> {
  const names = [
    'S01_plain_ascii.eml',
    'S02_utf8_qp_diacritics.eml',
    'S03_windows1250_8bit.eml',
    'S04_alternative_related_inline_logo_rfc2231.eml',
    'S05_calendar_invite_service_style.eml',
    'S06_auto_reply_iso8859_2.eml',
    'S07_bounce_dsn_adapted_fixture.eml',
    'S11_uppercase_sender_unquoted_comma_raw_utf8_subject.eml',
    'S12_reply_to_only_no_date.eml',
    'S13_forward_inline_message_rfc822.eml',
  ];
  const fixtures: Fixtures = {};
  for (const name of names) fixtures[name.slice(0, 3)] = await readFile(join(fixturesDir, name));

  const mbox = await readFile(join(fixturesDir, 'S08_mbox_thread_with_duplicate.mbox'));
  let index = 0;
  for await (const entry of splitMbox(chunksOf(mbox), 64 * 1024 * 1024)) {
    if (entry.raw) fixtures[`S08#${index}`] = entry.raw;
    index += 1;
  }

  return fixtures;
}

/** Creates the templates. Their weights add up to 98 because 2 % of the messages are duplicates. */
export function createTemplates(fixtures: Fixtures): Template[] {
  const edit = (key: string) => new RawMessage(fixtures[key]!);

  return [
    {
      name: 'us-ascii plain text',
      weight: 14,
      role: 'new',
      build: (plan) =>
        vary(edit('S01'), plan)
          .setAddress('From', plan.sender)
          .set('Return-Path', `<${plan.sender}>`)
          .replaceInBody('120 m', `${digits(plan.random, 3)} m`)
          .toBuffer(),
    },
    {
      name: 'UTF-8 quoted-printable, RFC 2047 Q subject',
      weight: 14,
      role: 'new',
      build: (plan) =>
        vary(edit('S02'), plan)
          .setAddress('From', plan.sender)
          .replaceInBody('40 de role', `${digits(plan.random, 2)} de role`)
          .toBuffer(),
    },
    {
      name: 'windows-1250 8-bit, RFC 2047 B subject',
      weight: 8,
      role: 'new',
      build: (plan) =>
        vary(edit('S03'), plan)
          .setAddress('From', plan.sender)
          .replaceInBody('2207', digits(plan.random, 4))
          .toBuffer(),
    },
    {
      name: 'ISO-8859-16 8-bit, RFC 2047 B subject',
      weight: 6,
      role: 'new',
      build: iso885916Message,
    },
    {
      name: 'raw UTF-8 header, upper-case sender',
      weight: 5,
      role: 'new',
      build: (plan) =>
        vary(edit('S11'), plan)
          .setAddress('From', plan.sender.toUpperCase())
          .replaceInBody('3 zile', `${digits(plan.random, 1)} zile`)
          .toBuffer(),
    },
    {
      name: 'HTML, inline image, RFC 2231 PDF attachment',
      weight: 7,
      role: 'new',
      build: (plan) =>
        vary(edit('S04'), plan)
          .setAddress('From', plan.sender)
          .replaceBase64Part("filename*=UTF-8''", pdfBytes(plan.random))
          .toBuffer(),
    },
    {
      name: 'PDF attachment, partner in Reply-To, no Date',
      weight: 7,
      role: 'new',
      build: (plan) =>
        vary(edit('S12'), plan, { date: false })
          .setAddress('Reply-To', plan.sender)
          .replaceEverywhere('Wed, 10 Apr 2024 14:02:37 +0300', rfc5322Date(plan.date))
          .replaceEverywhere('0457', digits(plan.random, 4))
          .replaceBase64Part('application/pdf', pdfBytes(plan.random))
          .toBuffer(),
    },
    {
      name: 'calendar invite',
      weight: 4,
      role: 'new',
      build: (plan) => {
        const uid = Array.from({ length: 32 }, () => plan.random.int(0, 15).toString(16)).join('');

        return vary(edit('S05'), plan)
          .setAddress('From', plan.sender)
          .setAddress('Reply-To', plan.sender)
          .replaceInBody('5b0c7e523f0e4d8a9a517d3a0f6c2b19', uid)
          .toBuffer();
      },
    },
    {
      name: 'inline forward (message/rfc822)',
      weight: 4,
      role: 'new',
      build: (plan) =>
        vary(edit('S13'), plan)
          .setAddress('From', plan.sender)
          .replaceEverywhere('8812', digits(plan.random, 4))
          .toBuffer(),
    },
    {
      name: 'UTF-8 8-bit from the mbox case',
      weight: 6,
      role: 'new',
      build: (plan) =>
        vary(edit('S08#0'), plan)
          .setAddress('From', plan.sender)
          .set('Return-Path', `<${plan.sender}>`)
          .replaceInBody('12 pale', `${digits(plan.random, 2)} pale`)
          .toBuffer(),
    },
    {
      name: 'outgoing reply in a thread',
      weight: 8,
      role: 'reply',
      build: (plan) =>
        threadHeaders(vary(edit('S08#1'), plan), plan.thread!)
          .setAddress('To', plan.thread!.partnerAddress)
          .replaceInBody('2.150', `${digits(plan.random, 1)}.${digits(plan.random, 3)}`)
          .toBuffer(),
    },
    {
      name: 'incoming reply in a thread',
      weight: 8,
      role: 'reply',
      build: (plan) =>
        threadHeaders(vary(edit('S08#2'), plan), plan.thread!)
          .setAddress('From', plan.thread!.partnerAddress)
          .toBuffer(),
    },
    {
      name: 'automatic reply, ISO-8859-2',
      weight: 4,
      role: 'other',
      build: (plan) =>
        vary(edit('S06'), plan)
          .setAddress('From', plan.sender)
          .set(
            'In-Reply-To',
            plan.thread?.lastOutgoingId ?? `<${plan.seq}.sent@nordinstal.example>`,
          )
          .set('X-MS-Exchange-Inbox-Rules-Loop', plan.sender)
          .toBuffer(),
    },
    {
      name: 'bounce (delivery status report)',
      weight: 3,
      role: 'other',
      build: (plan) =>
        vary(edit('S07'), plan)
          .replaceEverywhere('arad@banatelectro.example', plan.sender)
          .replaceEverywhere(
            '<20240326101405.5521@nordinstal.example>',
            `<${plan.seq}.offer@nordinstal.example>`,
          )
          .toBuffer(),
    },
  ];
}

/**
 * Makes a second copy of a message as a mail client or relay stores it: the same content with
 * other transit headers, so dedupe (not the file hash) must find it.
 */
export function duplicateOf(raw: Buffer, seq: number): Buffer {
  return new RawMessage(raw)
    .prepend('X-Mozilla-Status', '0001')
    .prepend('Delivered-To', `office+${seq}@nordinstal.example`)
    .toBuffer();
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParsedMessage, ReadResult } from '../src/mail/index.js';
import {
  MailParseError,
  analyzeMessage,
  createAddressIndex,
  describeMessage,
  parseMessage,
  readEml,
  readMbox,
  sanitizeFilename,
} from '../src/mail/index.js';

const HEAD = 'From: Ana <ana@partner.example>\r\nTo: vanzari@nordinstal.example\r\n';

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

function attachmentPart(filenameHeader: string, bytes: Buffer): string {
  const base64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

  return `Content-Type: application/octet-stream\r\nContent-Disposition: attachment; ${filenameHeader}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}`;
}

function withAttachment(filenameHeader: string, bytes = Buffer.from('data')): Buffer {
  const body = multipart('b', [
    'Content-Type: text/plain\r\n\r\nsee file',
    attachmentPart(filenameHeader, bytes),
  ]);

  return Buffer.from(
    `${HEAD}Subject: file\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${body}`,
  );
}

async function rejection(promise: Promise<unknown>): Promise<MailParseError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof MailParseError))
    throw new Error(`expected a MailParseError, got ${String(error)}`);

  return error;
}

async function readAll(source: AsyncIterable<ReadResult>): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of source) results.push(result);

  return results;
}

describe('sanitizeFilename', () => {
  const cases: [string, string][] = [
    ['../../etc/passwd', 'passwd'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a/b\\c/../d.pdf', 'd.pdf'],
    ['ofert\u0000a.pdf', 'oferta.pdf'],
    ['raport\u001b[31m.pdf', 'raport[31m.pdf'],
    ['factura\u202Efdp.exe', 'facturafdp.exe'],
    ['a<b>:c|d?.pdf', 'a_b__c_d_.pdf'],
    ['CON.txt', '_CON.txt'],
    ['  ..hidden..  ', 'hidden'],
    ['Listă necesar șantier Turda.pdf', 'Listă necesar șantier Turda.pdf'],
  ];

  it.each(cases)('%j becomes %j', (raw, safe) => {
    expect(sanitizeFilename(raw, 'fallback.bin')).toBe(safe);
  });

  it.each(['', '..', '.', '../', '/', '\u0000\u0001'])('%j falls back', (raw) => {
    expect(sanitizeFilename(raw, 'attachment-1.bin')).toBe('attachment-1.bin');
  });

  it('bounds length in UTF-8 bytes', () => {
    const name = sanitizeFilename(`${'ș'.repeat(400)}.pdf`, 'x');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
  });

  it('keeps extension when cutting', () => {
    expect(sanitizeFilename(`${'ș'.repeat(400)}.pdf`, 'x').endsWith('ș.pdf')).toBe(true);
  });
});

describe('hostile attachment names', () => {
  it.each([
    ['filename="../../../etc/passwd"', 'passwd'],
    ['filename="/var/lib/crm/secret.key"', 'secret.key'],
    ['filename="..\\\\..\\\\autoexec.bat"', 'autoexec.bat'],
    ["filename*=UTF-8''..%2F..%2Fetc%2Fcron.d%2Fjob", 'job'],
    ["filename*=UTF-8''nul%00byte.pdf", 'nulbyte.pdf'],
    ['filename="=?UTF-8?B?Li4vLi4vZXZpbC5zaA==?="', 'evil.sh'],
  ])('%s is stored as %j', async (header, safe) => {
    const message = await parseMessage(withAttachment(header));
    expect(message.attachments[0]?.filename).toBe(safe);
  });

  it('keeps the original name for display', async () => {
    const message = await parseMessage(withAttachment('filename="../../../etc/passwd"'));
    expect(message.attachments[0]?.originalFilename).toBe('../../../etc/passwd');
  });
});

describe('size and structure limits', () => {
  it('rejects 10,000 parts', async () => {
    const parts = Array.from(
      { length: 10_000 },
      (_, i) => `Content-Type: text/plain\r\n\r\npart ${i}`,
    );
    const raw = Buffer.from(
      `${HEAD}Content-Type: multipart/mixed; boundary=p\r\n\r\n${multipart('p', parts)}`,
    );
    const error = await rejection(parseMessage(raw));
    expect(error.code).toBe('TOO_MANY_PARTS');
  });

  it('reports 10,000 parts as a failure entry', async () => {
    const parts = Array.from({ length: 10_000 }, () => 'Content-Type: text/plain\r\n\r\nx');
    const raw = Buffer.from(
      `${HEAD}Content-Type: multipart/mixed; boundary=p\r\n\r\n${multipart('p', parts)}`,
    );
    const [result] = await readAll(readEml(raw));
    expect(result).toMatchObject({ ok: false, code: 'TOO_MANY_PARTS' });
  });

  function nested(depth: number): Buffer {
    let head = '';
    let tail = '';
    for (let level = 0; level < depth; level += 1) {
      head += `Content-Type: multipart/mixed; boundary=n${level}\r\n\r\n--n${level}\r\n`;
      tail = `\r\n--n${level}--\r\n${tail}`;
    }

    return Buffer.from(
      `${HEAD}Subject: deep\r\n${head}Content-Type: text/plain\r\n\r\ninnermost text${tail}`,
    );
  }

  it('parses nesting 200 levels deep', async () => {
    const message = await parseMessage(nested(200));
    expect(message.text).toContain('innermost text');
  });

  it('rejects nesting 5,000 levels deep', async () => {
    const error = await rejection(parseMessage(nested(5_000)));
    expect(error.code).toBe('TOO_MANY_PARTS');
  });

  it('rejects a 1 MB header', async () => {
    const raw = Buffer.from(
      `${HEAD}X-Padding: ${'a'.repeat(1_000_000)}\r\nSubject: big\r\n\r\nbody`,
    );
    const error = await rejection(parseMessage(raw));
    expect(error.code).toBe('HEADER_TOO_LARGE');
  });

  it('rejects 1 MB of folded header lines', async () => {
    const folded = Array.from(
      { length: 20_000 },
      (_, i) => ` <id-${i}-padding-padding@x.example>`,
    ).join('\r\n');
    const raw = Buffer.from(`${HEAD}References:${folded}\r\nSubject: big\r\n\r\nbody`);
    const error = await rejection(parseMessage(raw));
    expect(error.code).toBe('HEADER_TOO_LARGE');
  });

  it('parses a 100 KB header', async () => {
    const raw = Buffer.from(
      `${HEAD}X-Padding: ${'a'.repeat(100_000)}\r\nSubject: fits\r\n\r\nbody`,
    );
    const message = await parseMessage(raw);
    expect(message.subject).toBe('fits');
  });

  it('rejects a message over the size limit', async () => {
    const raw = withAttachment('filename="big.bin"', Buffer.alloc(4096, 1));
    const error = await rejection(parseMessage(raw, { limits: { maxMessageBytes: 2048 } }));
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
  });
});

describe('attachment above the limit', () => {
  const bytes = Buffer.alloc(300 * 1024, 7);
  let message: ParsedMessage;

  it('still parses the message', async () => {
    message = await parseMessage(withAttachment('filename="scan.tif"', bytes), {
      limits: { maxAttachmentBytes: 64 * 1024 },
    });
    expect(message.attachments).toHaveLength(1);
  });

  it('drops the bytes', () => {
    expect(message.attachments[0]?.content).toBeNull();
  });

  it('keeps the decoded size', () => {
    expect(message.attachments[0]?.size).toBe(bytes.length);
  });

  it('keeps the sha256 of every byte', () => {
    expect(message.attachments[0]?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('says why the bytes are missing', () => {
    expect(message.attachments[0]?.contentOmittedReason).toContain('65536-byte attachment limit');
  });

  it('adds a warning', () => {
    expect(message.warnings.some((warning) => warning.includes('scan.tif'))).toBe(true);
  });

  it('default limit drops a 26 MiB attachment', async () => {
    const large = Buffer.alloc(26 * 1024 * 1024, 3);
    const parsed = await parseMessage(withAttachment('filename="large.bin"', large));
    expect(parsed.attachments[0]).toMatchObject({ size: large.length, content: null });
  });
});

describe('nested messages', () => {
  function forwardChain(levels: number): Buffer {
    let inner = `From: origin@supplier.example\r\nSubject: level ${levels}\r\n\r\ninnermost body`;
    for (let level = levels - 1; level >= 0; level -= 1) {
      const body = multipart(`f${level}`, [
        `Content-Type: text/plain\r\n\r\nforward ${level}`,
        `Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n${inner}`,
      ]);
      inner = `From: f${level}@partner.example\r\nSubject: level ${level}\r\nContent-Type: multipart/mixed; boundary=f${level}\r\n\r\n${body}`;
    }

    return Buffer.from(inner);
  }

  it('parses forwards up to the depth limit', async () => {
    const message = await parseMessage(forwardChain(3));
    expect(message.text).toContain('innermost body');
  });

  it('stops past the depth limit with a reason', async () => {
    let nested = (await parseMessage(forwardChain(10))).nestedMessages[0];
    while (nested?.message) nested = nested.message.nestedMessages[0];
    expect(nested?.failure).toContain('nested deeper than 3 messages');
  });

  it('never matches a forwarded sender', async () => {
    const message = await parseMessage(forwardChain(1));
    const index = createAddressIndex({
      ownDomains: ['nordinstal.example'],
      partners: [
        {
          id: 'P9',
          name: 'Supplier',
          sites: [{ id: 'P9-S1', name: 'HQ', emails: ['origin@supplier.example'] }],
        },
      ],
    });
    expect(analyzeMessage(message, index).match.status).toBe('unmatched');
  });
});

describe('mbox with bad messages', () => {
  const good = (n: number) =>
    `From a@b.example Tue Apr  2 06:15:40 2024\nFrom: a@b.example\nSubject: good ${n}\n\nbody ${n}\n\n`;
  const huge = `From a@b.example Tue Apr  2 06:15:40 2024\nFrom: a@b.example\nSubject: huge\n\n${'x'.repeat(200_000)}\n\n`;
  const manyParts = `From a@b.example Tue Apr  2 06:15:40 2024\nFrom: a@b.example\nContent-Type: multipart/mixed; boundary=p\n\n${'--p\nContent-Type: text/plain\n\nx\n'.repeat(600)}--p--\n\n`;

  it('skips an oversized message and goes on', async () => {
    const results = await readAll(
      readMbox(Buffer.from(good(1) + huge + good(2)), { limits: { maxMessageBytes: 100_000 } }),
    );
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
  });

  it('names the size limit', async () => {
    const results = await readAll(
      readMbox(Buffer.from(good(1) + huge + good(2)), { limits: { maxMessageBytes: 100_000 } }),
    );
    expect(results[1]).toMatchObject({ ok: false, index: 1, code: 'MESSAGE_TOO_LARGE' });
  });

  it('skips an unparsable message and goes on', async () => {
    const results = await readAll(readMbox(Buffer.from(good(1) + manyParts + good(2))));
    expect(results.map((result) => (result.ok ? result.message.subject : result.code))).toEqual([
      'good 1',
      'TOO_MANY_PARTS',
      'good 2',
    ]);
  });
});

describe('untrusted content in the dry run', () => {
  const raw = Buffer.from(
    `${HEAD}Subject: =?UTF-8?B?${Buffer.from('Ofertă \u001b[2J\u001b]0;pwned\u0007 ok').toString('base64')}?=\r\n` +
      'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Salut</p><script>alert("x")</script><img src="https://tracker.example/p.gif">',
  );
  const index = createAddressIndex({ ownDomains: ['nordinstal.example'], partners: [] });

  it('prints no escape sequences', async () => {
    const message = await parseMessage(raw);
    expect(describeMessage(message, analyzeMessage(message, index))).not.toMatch(
      /[\u0000-\u0008\u000b-\u001f\u007f]/,
    );
  });

  it('prints no HTML', async () => {
    const message = await parseMessage(raw);
    expect(describeMessage(message, analyzeMessage(message, index))).not.toContain('<script');
  });

  it('converts an HTML-only body to text', async () => {
    const message = await parseMessage(raw);
    expect(message.text).toContain('Salut');
  });
});

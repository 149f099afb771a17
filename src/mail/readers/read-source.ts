import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { resolveLimits } from '../limits.js';
import type { ParseOptions } from '../parse/parse-message.js';
import type { MessageFormat, ReadResult } from '../types.js';
import { readEml, readMbox } from './read-messages.js';
import { readOutlookText } from './read-outlook-text.js';
import { readThunderbirdText } from './read-thunderbird-text.js';
import type { TextExportOptions } from './text-export.js';
import { decodeTextExport, parseLabelLine } from './text-export.js';

export type ReadOptions = ParseOptions & TextExportOptions & { format?: MessageFormat };

const SNIFF_BYTES = 4096;

/**
 * Guesses the format of a mail file from its name and first bytes: `.mbox` or a leading From_
 * line is mbox. A first line `From:<TAB>` or `De la:<TAB>` with a `Sent:<TAB>` or `Trimis:<TAB>`
 * line below is an Outlook text export. A `.txt` file whose first line has another export label
 * (`Subject:`, `Subiect:`, `de la:`) is a Thunderbird text export. Anything else is read as one
 * RFC 5322 message.
 */
export function detectFormat(head: Buffer, filename = ''): MessageFormat {
  const extension = extname(filename).toLowerCase();
  if (extension === '.mbox' || /^From \S+ /.test(head.subarray(0, 256).toString('latin1'))) {
    return 'mbox';
  }
  if (extension === '.eml') return 'eml';

  const lines = decodeTextExport(head.subarray(0, SNIFF_BYTES)).split('\n');
  const firstLine = lines.find((line) => line.trim());
  const label = firstLine ? parseLabelLine(firstLine) : null;
  const sentLine = lines.some((line) => /^(?:sent|trimis):\t/i.test(line));
  if (label?.field === 'from' && label.tabSeparated && sentLine) return 'outlook_text';
  if (label && extension === '.txt') return 'thunderbird_text';

  return 'eml';
}

/** Reads every message of an in-memory mail source, in the given or detected format. */
export async function* readMailSource(
  bytes: Buffer,
  options: ReadOptions & { filename?: string } = {},
): AsyncGenerator<ReadResult> {
  const format = options.format ?? detectFormat(bytes, options.filename);

  switch (format) {
    case 'mbox':
      yield* readMbox(bytes, options);
      break;
    case 'outlook_text':
      yield* readOutlookText(bytes, options);
      break;
    case 'thunderbird_text':
      yield* readThunderbirdText(bytes, options);
      break;
    case 'eml':
      yield* readEml(bytes, options);
  }
}

/**
 * Reads every message of a mail file. An mbox file is streamed, so its size is not limited;
 * other files are read whole and rejected past `maxMessageBytes`.
 */
export async function* readMailFile(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<ReadResult> {
  const limits = resolveLimits(options.limits);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(SNIFF_BYTES);
  let size: number;
  let headLength: number;
  try {
    size = (await handle.stat()).size;
    headLength = (await handle.read(head, 0, SNIFF_BYTES, 0)).bytesRead;
  } finally {
    await handle.close();
  }

  const format = options.format ?? detectFormat(head.subarray(0, headLength), path);
  if (format === 'mbox') {
    yield* readMbox(createReadStream(path), options);
  } else if (size > limits.maxMessageBytes) {
    const reason = `the file has ${size} bytes, more than the ${limits.maxMessageBytes}-byte limit`;
    yield { ok: false, index: 0, code: 'MESSAGE_TOO_LARGE', reason };
  } else {
    yield* readMailSource(await readFile(path), { ...options, format });
  }
}

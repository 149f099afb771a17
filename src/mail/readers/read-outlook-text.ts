import type { ReadResult } from '../types.js';
import type { LabelLine, TextExportOptions } from './text-export.js';
import { buildExportMessage, decodeTextExport, parseLabelLine } from './text-export.js';

// NOTE: files with several messages are split on TAB-separated From and Sent lines, the layout
// of single-message exports. No multi-message Outlook export has been checked against this.

// The line Outlook puts above quoted history in a reply ("________________________________").
const QUOTE_SEPARATOR = /^_{10,}\s*$/;
// How far below From: the Sent: line may be in a header block.
const HEADER_BLOCK_LINES = 10;

function headerLine(line: string | undefined): LabelLine | null {
  return line === undefined ? null : parseLabelLine(line);
}

function previousNonBlank(lines: string[], index: number): string | null {
  for (let i = index - 1; i >= 0; i -= 1) if (lines[i]!.trim()) return lines[i]!;

  return null;
}

/**
 * Tells whether a message header block starts at `index`. Such a block opens with a From or
 * De la line with a TAB after the label and has a Sent or Trimis line below it. It sits at the top
 * of the file or after a blank line, and never right under the `____` line of quoted history.
 */
function isHeaderStart(lines: string[], index: number): boolean {
  const first = headerLine(lines[index]);
  if (first?.field !== 'from' || !first.tabSeparated) return false;
  if (index > 0 && lines[index - 1]!.trim()) return false;
  if (QUOTE_SEPARATOR.test(previousNonBlank(lines, index) ?? '')) return false;

  for (let i = index + 1; i < index + HEADER_BLOCK_LINES && lines[i]?.trim(); i += 1) {
    if (headerLine(lines[i])?.field === 'date') return true;
  }

  return false;
}

function readBlock(lines: string[]) {
  const fields = new Map<string, string>();
  let i = 0;
  for (; i < lines.length && lines[i]!.trim(); i += 1) {
    const label = parseLabelLine(lines[i]!);
    if (label && !fields.has(label.field)) fields.set(label.field, label.value);
  }
  const body = lines
    .slice(i + 1)
    .join('\n')
    .replace(/\s+$/, '');

  return { fields, body };
}

/**
 * Reads an Outlook "Save as Text Only" file: one or more messages, each a block of
 * `Label:<TAB>value` lines (English or Romanian labels) then the body. The Sent time is local
 * time in the company zone. Attachments are known by name only.
 */
export function* readOutlookText(
  bytes: Buffer,
  options: TextExportOptions = {},
): Generator<ReadResult> {
  const lines = decodeTextExport(bytes, options.fallbackCharset).split('\n');
  const starts = lines.map((_, i) => i).filter((i) => isHeaderStart(lines, i));
  if (!starts.length) {
    if (lines.some((line) => line.trim())) {
      const reason = 'no Outlook header block (From: then Sent:, or De la: then Trimis:) found';
      yield { ok: false, index: 0, code: 'MISSING_HEADER', reason };
    }

    return;
  }

  for (const [index, start] of starts.entries()) {
    const { fields, body } = readBlock(lines.slice(start, starts[index + 1] ?? lines.length));
    const attachmentNames = (fields.get('attachments') ?? '')
      .split(';')
      .map((name) => name.trim())
      .filter(Boolean);
    const message = buildExportMessage(
      { format: 'outlook_text', fields, body, attachmentNames },
      options,
    );

    if (!message.from) {
      yield { ok: false, index, code: 'MISSING_HEADER', reason: 'the From line has no sender' };
    } else {
      yield { ok: true, index, message };
    }
  }
}

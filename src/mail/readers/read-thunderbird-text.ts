import type { ReadResult } from '../types.js';
import type { TextExportOptions } from './text-export.js';
import { buildExportMessage, decodeTextExport, parseLabelLine } from './text-export.js';

// The line ImportExportTools NG writes between messages of a plain-text export.
const MESSAGE_SEPARATOR = /^-{5,}\s*$/;
// The heading of the attachment list at the end of a message.
const ATTACHMENTS_HEADING = /^-{3,}\s*(?:attachments|atașamente|ataşamente|anexe)\b/i;

function blockFields(lines: string[], start: number): Map<string, string> | null {
  const fields = new Map<string, string>();
  for (let i = start; i < lines.length && lines[i]!.trim(); i += 1) {
    const label = parseLabelLine(lines[i]!);
    if (!label) return null;
    if (!fields.has(label.field)) fields.set(label.field, label.value);
  }

  return fields.has('from') && (fields.has('subject') || fields.has('date')) ? fields : null;
}

/** Finds where messages start: the top of the file or after a separator line, at a header block. */
function messageStarts(lines: string[]): number[] {
  const starts: number[] = [];
  let afterSeparator = true;

  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    if (afterSeparator && blockFields(lines, i)) starts.push(i);
    afterSeparator = MESSAGE_SEPARATOR.test(line);
  }

  return starts;
}

/** Splits a message body from its trailing attachment list and the separator after it. */
function splitBody(lines: string[]) {
  const trimmed = [...lines];
  while (trimmed.length && (!trimmed.at(-1)!.trim() || MESSAGE_SEPARATOR.test(trimmed.at(-1)!))) {
    trimmed.pop();
  }

  const heading = trimmed.findIndex((line) => ATTACHMENTS_HEADING.test(line));
  if (heading < 0) return { body: trimmed.join('\n').trim(), attachmentNames: [] };

  const attachmentNames = trimmed
    .slice(heading + 1)
    .filter((line) => /^\s*-\s+\S/.test(line))
    .map((line) => line.replace(/^\s*-\s+/, '').trim());

  return { body: trimmed.slice(0, heading).join('\n').trim(), attachmentNames };
}

/**
 * Reads a Thunderbird plain-text export (ImportExportTools NG): messages separated by a line of
 * dashes, each a block of `Label: value` lines (English or Romanian) then the body and an
 * optional `----- Attachments ---` list. Dates are local time in the company zone.
 */
export function* readThunderbirdText(
  bytes: Buffer,
  options: TextExportOptions = {},
): Generator<ReadResult> {
  const lines = decodeTextExport(bytes, options.fallbackCharset).split('\n');
  const starts = messageStarts(lines);
  if (!starts.length && lines.some((line) => line.trim())) {
    const reason = 'no header block with From (or de la) and Subject or Date lines found';
    yield { ok: false, index: 0, code: 'MISSING_HEADER', reason };
  }

  for (const [index, start] of starts.entries()) {
    const end = starts[index + 1] ?? lines.length;
    const fields = blockFields(lines, start)!;
    const headerEnd = lines.findIndex((line, i) => i >= start && !line.trim());
    const bodyStart = headerEnd < 0 || headerEnd > end ? end : headerEnd + 1;
    const { body, attachmentNames } = splitBody(lines.slice(bodyStart, end));
    const message = buildExportMessage(
      { format: 'thunderbird_text', fields, body, attachmentNames },
      options,
    );

    if (!message.from) {
      yield { ok: false, index, code: 'MISSING_HEADER', reason: 'the From line has no sender' };
    } else {
      yield { ok: true, index, message };
    }
  }
}

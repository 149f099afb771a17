/**
 * Multi-message Outlook and Thunderbird text exports built on the corpus exports: each message
 * gets a new sender, local date and subject number. Text exports carry no Message-ID, so dedupe
 * keys them by content alone.
 */
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';

export interface ExportPlan {
  seq: number;
  date: Date;
  sender: string;
}

const ZONE = 'Europe/Bucharest';
const THUNDERBIRD_SEPARATOR = '-------------------------';

function localTime(date: Date, format: string): string {
  return DateTime.fromJSDate(date, { zone: ZONE }).setLocale('en-US').toFormat(format);
}

function withSender(line: string, sender: string): string {
  return line.replace(/<[^<>]*>\s*$/, `<${sender}>`);
}

/**
 * Writes one Outlook "Text Only" file holding a message per plan: UTF-8 with a BOM and CRLF, as
 * the corpus export, each header block after a blank line.
 */
export function outlookExport(fixture: Buffer, plans: ExportPlan[]): Buffer {
  const template = fixture.subarray(3).toString('utf8');
  const blocks = plans.map((plan) =>
    template
      .replace(/^From:\t.*$/m, (line) => withSender(line, plan.sender))
      .replace(/^Sent:\t.*$/m, `Sent:\t${localTime(plan.date, 'cccc, LLLL d, yyyy h:mm a')}`)
      .replace(/^(Subject:\t.*?)\r?$/m, `$1 #${plan.seq}\r`),
  );

  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(blocks.join('\r\n'))]);
}

/** Writes comma-below letters as the cedilla letters of legacy Romanian code pages. */
function toCedilla(text: string): string {
  return text.replace(/[șțȘȚ]/g, (letter) => ({ ș: 'ş', ț: 'ţ', Ș: 'Ş', Ț: 'Ţ' })[letter]!);
}

/**
 * Writes one Thunderbird (ImportExportTools NG) plain-text export holding a message per plan,
 * cycling through the messages of the corpus export. In windows-1250 the comma-below letters
 * become cedilla letters, as Romanian Windows writes them.
 */
export function thunderbirdExport(
  fixture: Buffer,
  plans: ExportPlan[],
  charset: 'utf-8' | 'windows-1250',
): Buffer {
  // Only a line of dashes alone separates messages; the attachment list heading has dashes too.
  const templates = fixture
    .toString('utf8')
    .split(/^-{5,}\s*$/m)
    .map((block) => block.trim())
    .filter(Boolean);
  const blocks = plans.map((plan, index) =>
    templates[index % templates.length]!.replace(/^de la: .*$/m, (line) =>
      withSender(line.trimEnd(), plan.sender),
    )
      .replace(/^Dată: .*$/m, `Dată: ${localTime(plan.date, 'dd.LL.yyyy, HH:mm')}`)
      .replace(/^(Subiect: .*?)\r?$/m, `$1 #${plan.seq}\r`),
  );
  const text = `${blocks.join(`\r\n\r\n${THUNDERBIRD_SEPARATOR}\r\n\r\n`)}\r\n\r\n${THUNDERBIRD_SEPARATOR}\r\n`;

  return charset === 'utf-8' ? Buffer.from(text) : iconv.encode(toCedilla(text), charset);
}

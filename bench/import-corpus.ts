/**
 * Generates the email import benchmark's messages from the corpus templates, the same for every
 * seed: .eml files, three mbox files (one large) and Outlook and Thunderbird text exports in
 * one folder, plus the RFC 5322 messages in order for an IMAP folder. The sizes of the export
 * files are a sixth, a sixth, a third and a third of the export messages.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { SeededRandom } from '../src/seed/random.js';
import { type ExportPlan, outlookExport, thunderbirdExport } from './import-exports.js';
import {
  createTemplates,
  duplicateOf,
  loadFixtures,
  type MessagePlan,
  OWN_ADDRESS,
  type Template,
  type Thread,
} from './import-templates.js';

export interface CorpusOptions {
  dir: string;
  fixturesDir: string;
  /** RFC 5322 messages (.eml and mbox), which the IMAP path imports too. */
  messages: number;
  /** Messages in the text exports, read by the file path only. */
  exportMessages: number;
  seed: number;
}

export interface GeneratedMessage {
  raw: Buffer;
  date: Date;
}

export interface WrittenFile {
  name: string;
  messages: number;
  bytes: number;
}

export interface GeneratedCorpus {
  dir: string;
  /** The RFC 5322 messages in generation order, so each reply follows the message it replies to. */
  messages: GeneratedMessage[];
  emlFiles: WrittenFile[];
  mboxFiles: WrittenFile[];
  exportFiles: WrittenFile[];
  /** Messages per template name, with `duplicate` for the second copies. */
  mix: Map<string, number>;
}

/**
 * Shares of the message sequence written as mbox files instead of .eml files. Files are imported
 * in name order, so every file kind sits in the first 40 % and a time-limited import reads them.
 */
const MBOX_RANGES = [
  [0.05, 0.1],
  [0.15, 0.2],
  [0.25, 0.4],
] as const;
/** The text exports: their name, and their place in the file order as a share of the sequence. */
const EXPORTS = [
  { name: 'outlook-1', at: 0.03 },
  { name: 'outlook-2', at: 0.22 },
  { name: 'thunderbird-utf8', at: 0.12 },
  { name: 'thunderbird-windows1250', at: 0.32 },
] as const;
const DUPLICATE_SHARE = 0.02;
const UNKNOWN_SENDER_SHARE = 0.04;
/** Replies and automatic replies go to one of this many latest conversations. */
const OPEN_THREADS = 300;

interface PartnersFile {
  partners: { sites: { emails: string[] }[] }[];
}

async function partnerAddresses(fixturesDir: string): Promise<string[]> {
  const file = JSON.parse(await readFile(join(fixturesDir, 'partners.json'), 'utf8'));

  return (file as PartnersFile).partners.flatMap((partner) =>
    partner.sites.flatMap((site) => site.emails),
  );
}

class MessageSequence {
  private readonly random: SeededRandom;
  private readonly threads: Thread[] = [];
  private readonly byName: Map<string, Template>;
  private readonly weights: Record<string, number>;
  private time = Date.parse('2024-01-08T07:00:00Z');
  readonly generated: GeneratedMessage[] = [];
  readonly mix = new Map<string, number>();

  constructor(
    seed: number,
    templates: Template[],
    private readonly senders: string[],
  ) {
    this.random = new SeededRandom(seed);
    this.byName = new Map(templates.map((template) => [template.name, template]));
    this.weights = Object.fromEntries(
      templates.map((template) => [template.name, template.weight]),
    );
  }

  nextDate(): Date {
    this.time += this.random.int(60, 540) * 1000;

    return new Date(this.time);
  }

  nextSender(): string {
    if (this.random.chance(UNKNOWN_SENDER_SHARE)) {
      return `office@firma-${this.random.int(1, 300)}.example`;
    }

    return this.random.pick(this.senders);
  }

  private count(name: string): void {
    this.mix.set(name, (this.mix.get(name) ?? 0) + 1);
  }

  private pickTemplate(): Template {
    const template = this.byName.get(this.random.weighted(this.weights))!;
    if (template.role === 'reply' && this.threads.length === 0) {
      return [...this.byName.values()].find((candidate) => candidate.role === 'new')!;
    }

    return template;
  }

  private pickThread(): Thread {
    return this.random.pick(this.threads.slice(-OPEN_THREADS));
  }

  add(seq: number): void {
    const date = this.nextDate();
    if (this.generated.length > 50 && this.random.chance(DUPLICATE_SHARE)) {
      const earlier = this.random.pick(this.generated.slice(-500));
      this.generated.push({ raw: duplicateOf(earlier.raw, seq), date: earlier.date });
      this.count('duplicate');

      return;
    }

    const template = this.pickTemplate();
    const answers = template.role === 'reply' || (template.role === 'other' && this.threads.length);
    const thread = answers ? this.pickThread() : null;
    const sender = thread?.partnerAddress ?? this.nextSender();
    const outgoing = template.name.startsWith('outgoing');
    const domain = (outgoing ? OWN_ADDRESS : sender).split('@')[1];
    const messageId = `<${seq}.${this.random.int(0, 2 ** 31).toString(16)}@${domain}>`;
    const plan: MessagePlan = { seq, messageId, date, sender, thread, random: this.random };
    this.generated.push({ raw: template.build(plan), date });
    this.count(template.name);
    this.follow(template, plan, outgoing);
  }

  /** Records the conversations that later replies may go to. */
  private follow(template: Template, plan: MessagePlan, outgoing: boolean): void {
    if (template.role === 'new' && this.senders.includes(plan.sender)) {
      const thread = {
        lastId: plan.messageId,
        references: [plan.messageId],
        partnerAddress: plan.sender,
        lastOutgoingId: null,
      };
      this.threads.push(thread);
      if (this.threads.length > OPEN_THREADS * 4) this.threads.splice(0, OPEN_THREADS);
    }
    if (template.role === 'reply') {
      plan.thread!.lastId = plan.messageId;
      plan.thread!.references.push(plan.messageId);
      if (outgoing) plan.thread!.lastOutgoingId = plan.messageId;
    }
  }
}

/** Formats a date for an mbox From_ line, as asctime writes it in UTC. */
function asctime(date: Date): string {
  const time = DateTime.fromJSDate(date, { zone: 'utc' }).setLocale('en-US');

  return `${time.toFormat('ccc LLL')} ${String(time.day).padStart(2, ' ')} ${time.toFormat('HH:mm:ss yyyy')}`;
}

/** Writes messages as one mboxrd file: `From ` lines in bodies get a `>` in front. */
function toMbox(messages: GeneratedMessage[]): Buffer {
  const parts: Buffer[] = [];
  for (const message of messages) {
    let text = message.raw.toString('latin1').replace(/^(>*From )/gm, '>$1');
    if (!text.endsWith('\n')) text += '\n';
    parts.push(Buffer.from(`From bench@nordinstal.example ${asctime(message.date)}\n`, 'latin1'));
    parts.push(Buffer.from(`${text}\n`, 'latin1'));
  }

  return Buffer.concat(parts);
}

function inMbox(seq: number, total: number): readonly [number, number] | null {
  const range = MBOX_RANGES.find(([from, to]) => seq >= from * total && seq < to * total);

  return range ? [Math.ceil(range[0] * total), Math.ceil(range[1] * total)] : null;
}

function padSeq(seq: number): string {
  return String(seq).padStart(6, '0');
}

async function writeMessages(dir: string, messages: GeneratedMessage[]) {
  const emlFiles: WrittenFile[] = [];
  const mboxFiles: WrittenFile[] = [];

  for (let seq = 0; seq < messages.length;) {
    const range = inMbox(seq, messages.length);
    if (range) {
      const name = `mail-${padSeq(range[0])}-${padSeq(range[1] - 1)}.mbox`;
      const bytes = toMbox(messages.slice(range[0], range[1]));
      await writeFile(join(dir, name), bytes);
      mboxFiles.push({ name, messages: range[1] - range[0], bytes: bytes.length });
      seq = range[1];
    } else {
      const name = `mail-${padSeq(seq)}.eml`;
      await writeFile(join(dir, name), messages[seq]!.raw);
      emlFiles.push({ name, messages: 1, bytes: messages[seq]!.raw.length });
      seq += 1;
    }
  }

  return { emlFiles, mboxFiles };
}

async function writeExports(
  options: CorpusOptions,
  sequence: MessageSequence,
): Promise<WrittenFile[]> {
  const outlook = await readFile(join(options.fixturesDir, 'S09_outlook_text_only_en.txt'));
  const thunderbird = await readFile(
    join(options.fixturesDir, 'S10_thunderbird_plaintext_export_ro_3msgs.txt'),
  );
  const sixth = Math.floor(options.exportMessages / 6);
  const sizes = [sixth, sixth, sixth * 2, options.exportMessages - sixth * 4];
  const files: WrittenFile[] = [];
  let seq = options.messages;

  for (const [index, size] of sizes.entries()) {
    if (size <= 0) continue;
    const plans: ExportPlan[] = Array.from({ length: size }, () => ({
      seq: seq++,
      date: sequence.nextDate(),
      sender: sequence.nextSender(),
    }));
    const place = EXPORTS[index]!;
    const name = `mail-${padSeq(Math.floor(place.at * options.messages))}-${place.name}.txt`;
    const bytes =
      index < 2
        ? outlookExport(outlook, plans)
        : thunderbirdExport(thunderbird, plans, index === 2 ? 'utf-8' : 'windows-1250');
    await writeFile(join(options.dir, name), bytes);
    files.push({ name, messages: size, bytes: bytes.length });
  }

  return files;
}

/** Generates the messages and writes them to `options.dir`. */
export async function generateCorpus(options: CorpusOptions): Promise<GeneratedCorpus> {
  const templates = createTemplates(await loadFixtures(options.fixturesDir));
  const sequence = new MessageSequence(
    options.seed,
    templates,
    await partnerAddresses(options.fixturesDir),
  );
  for (let seq = 0; seq < options.messages; seq += 1) sequence.add(seq);

  const { emlFiles, mboxFiles } = await writeMessages(options.dir, sequence.generated);
  const exportFiles = await writeExports(options, sequence);

  return {
    dir: options.dir,
    messages: sequence.generated,
    emlFiles,
    mboxFiles,
    exportFiles,
    mix: sequence.mix,
  };
}

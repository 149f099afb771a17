/**
 * `npm run bench [-- SECTION...]`: runs the benchmark sections one after another, so that no two
 * share the cores, prints each and writes them to docs/benchmarks.md. Without arguments every
 * section runs; with names only those run, and the other sections of the page are kept.
 */
import { readFile, writeFile } from 'node:fs/promises';

const PAGE = 'docs/benchmarks.md';

const SECTIONS: Record<string, () => Promise<string>> = {
  api: async () => (await import('./api.js')).runApiBenchmark(),
  reminders: async () => (await import('./reminders.js')).runReminderBenchmark(),
  fanout: async () => (await import('./fanout.js')).runFanoutBenchmark(),
  import: async () => (await import('./import.js')).runImportBenchmark(),
};

const PAGE_INTRO = [
  '# Benchmarks',
  '',
  'Each section is written by `npm run bench`, which runs the sections one after another on the',
  'same machine; `npm run bench -- NAME` reruns one section (api, reminders, fanout, import) and',
  'keeps the others. Every product number stands next to a floor measured in the same run, so the',
  'ratios compare like with like even where the absolute numbers move with the machine.',
  '',
].join('\n');

function startMarker(name: string): string {
  return `<!-- section: ${name} -->`;
}

function endMarker(name: string): string {
  return `<!-- end of section: ${name} -->`;
}

/** Reads the sections already on the page, keyed by name. */
async function readSections(): Promise<Map<string, string>> {
  const sections = new Map<string, string>();
  const page = await readFile(PAGE, 'utf8').catch(() => '');
  for (const name of Object.keys(SECTIONS)) {
    const start = page.indexOf(startMarker(name));
    const end = page.indexOf(endMarker(name));
    if (start >= 0 && end > start) {
      sections.set(name, page.slice(start + startMarker(name).length, end).trim());
    }
  }

  return sections;
}

function renderPage(sections: Map<string, string>): string {
  const parts = [PAGE_INTRO];
  for (const name of Object.keys(SECTIONS)) {
    const body = sections.get(name);
    if (body === undefined) continue;
    parts.push(`${startMarker(name)}\n${body}\n${endMarker(name)}\n`);
  }

  return parts.join('\n');
}

function selectedSections(argv: string[]): string[] {
  if (argv.length === 0) return Object.keys(SECTIONS);
  const unknown = argv.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    const known = Object.keys(SECTIONS).join(', ');
    throw new Error(`Unknown benchmark section "${unknown.join(', ')}": use one of ${known}.`);
  }

  return argv;
}

async function main(): Promise<void> {
  const names = selectedSections(process.argv.slice(2));
  const sections = await readSections();
  for (const name of names) {
    console.log(`running the ${name} benchmark`);
    const section = await SECTIONS[name]!();
    console.log(section);
    sections.set(name, section.trim());
    // The page is written after every section, so a later failure keeps the finished ones.
    await writeFile(PAGE, renderPage(sections));
  }
}

await main();

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeMessage, describeMessage, parseMessage, readMailFile } from '../src/mail/index.js';
import { corpusAvailable, fixturesDir, loadDirectory, readAll } from './mail-corpus.js';

async function describeFixture(file: string, maskAddresses = false): Promise<string> {
  const [result] = await readAll(readMailFile(join(fixturesDir, file)));
  if (!result?.ok) throw new Error(`${file} did not parse: ${JSON.stringify(result)}`);

  const analysis = analyzeMessage(result.message, loadDirectory());

  return describeMessage(result.message, analysis, { label: file, maskAddresses });
}

describe.skipIf(!corpusAvailable)('describeMessage', () => {
  let invite: string;
  let bounce: string;
  let outlook: string;

  beforeAll(async () => {
    invite = await describeFixture('S04_alternative_related_inline_logo_rfc2231.eml');
    bounce = await describeFixture('S07_bounce_dsn_adapted_fixture.eml');
    outlook = await describeFixture('S09_outlook_text_only_en.txt');
  });

  it('prints the sender', () => {
    expect(invite).toContain(
      'From:           Achiziții Alfaconstruct <achizitii@alfaconstruct.example>',
    );
  });

  it('prints the recipients', () => {
    expect(invite).toContain('To:             Vânzări Nord Instal <vanzari@nordinstal.example>');
  });

  it('prints the decoded subject', () => {
    expect(invite).toContain(
      'Subject:        Solicitare ofertă – profile și accesorii șantier Turda',
    );
  });

  it('prints the date and its source', () => {
    expect(invite).toContain('Date:           2024-03-22T09:03:27.000Z (Date header)');
  });

  it('prints a body excerpt', () => {
    expect(invite).toContain('Body:           Bună ziua, Vă rog să ne trimiteți o ofertă');
  });

  it('prints attachment size and sha256', () => {
    expect(invite).toContain(
      'Attachment:     Listă necesar șantier Turda.pdf (application/pdf, 687 bytes, sha256 e56422c1489cc233ca8f068795816e32c5e69415407307185c2182f76b19753c)',
    );
  });

  it('prints inline images apart', () => {
    expect(invite).toContain('Inline image:   logo-alfaconstruct.png (image/png, 79 bytes');
  });

  it('prints the classification', () => {
    expect(bounce).toContain(
      'Classification: bounce (multipart/report with report-type=delivery-status)',
    );
  });

  it('prints the matched partner', () => {
    expect(invite).toContain(
      'Partner:        partner P001, site P001-S1 (by from achizitii@alfaconstruct.example)',
    );
  });

  it('prints failed bounce recipients', () => {
    expect(bounce).toContain(
      'Bounced:        arad@banatelectro.example (partner P006, site P006-S2)',
    );
  });

  it('prints the export zone', () => {
    expect(outlook).toContain('(local time of the export in Europe/Bucharest)');
  });

  it('prints names of text export attachments', () => {
    expect(outlook).toContain(
      'Attachment:     Aviz_expeditie_5521.pdf (application/octet-stream, size unknown)',
    );
  });

  it('masks addresses on request', async () => {
    const masked = await describeFixture('S04_alternative_related_inline_logo_rfc2231.eml', true);
    expect(masked).not.toContain('achizitii@');
  });
});

describe('describeMessage without a partner', () => {
  it('prints why nothing matched', async () => {
    const message = await parseMessage(
      Buffer.from('From: x@unknown.example\r\nSubject: s\r\n\r\nbody'),
    );
    const index = {
      ownDomains: new Set(['nordinstal.example']),
      sitesByAddress: new Map(),
      partnersByDomain: new Map(),
    };
    const text = describeMessage(message, analyzeMessage(message, index));
    expect(text).toContain(
      'Partner:        none: no partner site has the address from x@unknown.example',
    );
  });

  it('never prints HTML', async () => {
    const html = '<p>Salut</p><img src="cid:logo@x.example">';
    const raw = `From: x@unknown.example\r\nContent-Type: text/html\r\n\r\n${html}`;
    const message = await parseMessage(Buffer.from(raw));
    const index = {
      ownDomains: new Set<string>(),
      sitesByAddress: new Map(),
      partnersByDomain: new Map(),
    };
    expect(describeMessage(message, analyzeMessage(message, index))).not.toContain('<img');
  });
});

/**
 * Byte-preserving edits of a raw RFC 5322 message, for building benchmark messages from the
 * corpus files. The text is handled as latin1, so 8-bit bytes in any charset pass through
 * unchanged, and every value written must be ASCII.
 */
export class RawMessage {
  private readonly fields: string[][];
  private body: string;
  private readonly eol: string;

  constructor(raw: Buffer) {
    const text = raw.toString('latin1');
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const end = text.indexOf(this.eol + this.eol);
    const head = end < 0 ? text : text.slice(0, end);
    this.body = end < 0 ? '' : text.slice(end + this.eol.length * 2);
    this.fields = [];
    for (const line of head.split(this.eol)) {
      if (/^[ \t]/.test(line) && this.fields.length > 0) this.fields.at(-1)!.push(line);
      else this.fields.push([line]);
    }
  }

  private indexOf(name: string): number {
    const prefix = `${name.toLowerCase()}:`;

    return this.fields.findIndex((lines) => lines[0]!.toLowerCase().startsWith(prefix));
  }

  /** Returns the unfolded value of the first field with this name, or null. */
  get(name: string): string | null {
    const index = this.indexOf(name);
    if (index < 0) return null;

    const joined = this.fields[index]!.join('');

    return joined.slice(joined.indexOf(':') + 1).trim();
  }

  /** Replaces the first field with this name, keeping its spelling; appends it when absent. */
  set(name: string, value: string): this {
    const index = this.indexOf(name);
    if (index < 0) {
      this.fields.push([`${name}: ${value}`]);
    } else {
      const spelled = this.fields[index]![0]!.slice(0, name.length);
      this.fields[index] = [`${spelled}: ${value}`];
    }

    return this;
  }

  /** Puts a field above all others, as a relay or a mail client adds one. */
  prepend(name: string, value: string): this {
    this.fields.unshift([`${name}: ${value}`]);

    return this;
  }

  /** Appends text to the last line of a field, so an encoded or folded value stays as it is. */
  appendTo(name: string, suffix: string): this {
    const index = this.indexOf(name);
    if (index >= 0) {
      const lines = this.fields[index]!;
      lines[lines.length - 1] += suffix;
    }

    return this;
  }

  /** Replaces the address of an address field and keeps its display name. */
  setAddress(name: string, address: string): this {
    const value = this.get(name);
    const bracket = value?.lastIndexOf('<') ?? -1;
    if (value === null || bracket < 0) return this.set(name, address);

    const index = this.indexOf(name);
    const lines = this.fields[index]!;
    const last = lines.length - 1;
    // The address sits on the field's last line in every corpus message.
    lines[last] = lines[last]!.replace(/<[^<>]*>\s*$/, `<${address}>`);

    return this;
  }

  /** Replaces every occurrence of `search` in the body. */
  replaceInBody(search: string, replacement: string): this {
    this.body = this.body.split(search).join(replacement);

    return this;
  }

  /** Replaces every occurrence of `search` in the header fields and the body. */
  replaceEverywhere(search: string, replacement: string): this {
    for (const lines of this.fields) {
      for (let i = 0; i < lines.length; i += 1)
        lines[i] = lines[i]!.split(search).join(replacement);
    }

    return this.replaceInBody(search, replacement);
  }

  /**
   * Replaces the base64 content of the MIME part whose headers contain `marker` (such as its
   * file name) with `bytes`, wrapped at 76 characters.
   */
  replaceBase64Part(marker: string, bytes: Buffer): this {
    const at = this.body.indexOf(marker);
    if (at < 0) throw new Error(`no MIME part with "${marker}" in the template`);

    const eol = this.eol;
    const start = this.body.indexOf(eol + eol, at) + eol.length * 2;
    const end = this.body.indexOf(`${eol}--`, start);
    const encoded = bytes
      .toString('base64')
      .match(/.{1,76}/g)!
      .join(eol);
    this.body = this.body.slice(0, start) + encoded + this.body.slice(end);

    return this;
  }

  toBuffer(): Buffer {
    const head = this.fields.map((lines) => lines.join(this.eol)).join(this.eol);

    return Buffer.from(`${head}${this.eol}${this.eol}${this.body}`, 'latin1');
  }
}

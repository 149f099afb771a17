/** A one-line progress bar for a terminal; other streams get one line per finished step. */
export class ProgressBar {
  private readonly interactive: boolean;
  private done = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly width = 30,
  ) {
    this.interactive = stream.isTTY === true;
  }

  /** Marks one more step done; `detail` names it, such as a file name. */
  tick(detail: string): void {
    this.done += 1;
    if (this.interactive) this.draw(detail);
    else this.stream.write(`[${this.done}/${this.total}] ${detail}\n`);
  }

  /** Redraws the bar with new detail, such as a message count, on a terminal only. */
  show(detail: string): void {
    if (this.interactive) this.draw(detail);
  }

  private draw(detail: string): void {
    const filled =
      this.total === 0 ? this.width : Math.round((this.done / this.total) * this.width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}`;
    const name = detail.length > 40 ? `…${detail.slice(-39)}` : detail;
    this.stream.write(`\r[${bar}] ${this.done}/${this.total} ${name}`.padEnd(this.width + 60));
  }

  /** Ends the bar's line, so later output starts on a new one. */
  finish(): void {
    if (this.interactive && this.done > 0) this.stream.write('\n');
  }
}

import { PassThrough } from 'node:stream';

/** Child process output, of which only the last lines are kept for failure messages. */
export class TailBuffer {
  readonly stream = new PassThrough();
  private lines: string[] = [];

  constructor(private readonly keep = 60) {
    this.stream.on('data', (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.lines.length > this.keep) this.lines = this.lines.slice(-this.keep);
    });
  }

  text(): string {
    return this.lines.join('\n');
  }
}

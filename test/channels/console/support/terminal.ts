import { PassThrough } from "node:stream";
import { ConsoleChannel } from "../../../../src/channels/console/console-channel";
import type { TestDesk } from "../../../support/test-desk";

/** Drives the console through its input and output streams, as a person at a terminal would. */
export class Terminal {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  private text = "";
  private mark = 0;
  readonly channel: ConsoleChannel;
  readonly done: Promise<void>;

  constructor(t: TestDesk) {
    this.output.on("data", (chunk: Buffer) => (this.text += chunk.toString("utf8")));
    this.channel = new ConsoleChannel({ desk: t.desk, config: t.config, input: this.input, output: this.output });
    t.guichet.outbox.register(this.channel);
    this.done = this.channel.run();
  }

  /** Types a line and returns what the console printed in answer. */
  async type(line: string): Promise<string> {
    this.input.write(`${line}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    await this.channel.idle();
    const answer = this.text.slice(this.mark);
    this.mark = this.text.length;
    return answer;
  }

  /** The number of the last button labelled `label` printed so far. */
  button(label: string): string {
    const matches = [...this.text.matchAll(/\[(\d+)\] ([^[\n]+)/g)].filter((m) => m[2].trim() === label);
    if (matches.length === 0) throw new Error(`no [N] ${label} button on screen`);
    return matches[matches.length - 1][1];
  }
}

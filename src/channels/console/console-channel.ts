import { createInterface } from "node:readline";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Desk, MessageOutcome } from "../../core/desk";
import { answerError } from "../../core/catalogue/service-catalogue";
import type { Lang } from "../../core/knowledge/article";
import type { ActionButton, ActionOutcome, FormView, MessageView } from "../../core/messages/message-view";
import { texts } from "../../core/messages/texts";
import type { ChannelSender, Delivery } from "../../core/outbox/channel-sender";
import type { ChatPlace, PlatformUser } from "../../core/people/platform-user";
import type { Role } from "../../store/entities/Person";
import { fieldPrompt, renderView, terminalSafe, typedAnswer } from "./render-text";

export interface ConsoleChannelOptions {
  desk: Desk;
  config: DeskConfig;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Login of the first persona (default: the first configured requester). */
  persona?: string;
}

interface PendingForm {
  form: FormView;
  /** Indexes of the fields still to ask, in order: all at first, then those the desk found wrong. */
  toAsk: number[];
  /** The answers so far, kept when the desk asks again for some of them. */
  values: Record<string, string>;
  place: ChatPlace;
}

/**
 * The local console: one terminal plays every role of the desk. Everything the desk posts to console places
 * (requesters' DMs, triage, expert channels) is printed with the place's name; buttons are numbered choices; forms
 * are asked one field at a time. It goes through the same Desk calls as Slack and Teams.
 */
export class ConsoleChannel implements ChannelSender {
  readonly platform = "console" as const;
  private persona: string;
  private readonly buttons = new Map<number, ActionButton>();
  private nextButton = 1;
  private pendingForm: PendingForm | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly logins: Map<string, { name: string; role: Role }>;

  constructor(private readonly options: ConsoleChannelOptions) {
    this.logins = new Map(
      options.config.people.filter((p) => p.console).map((p) => [p.console as string, { name: p.name, role: p.role }]),
    );
    this.persona = options.persona ?? options.config.people.find((p) => p.role === "requester" && p.console)?.console ?? "me";
  }

  /** Reads lines until the input ends or /quit; resolves then. */
  run(): Promise<void> {
    this.print(`${texts(this.lang).console.banner}\n${this.help()}`);
    this.printPrompt();
    const lines = createInterface({ input: this.options.input, terminal: false });
    return new Promise((resolve) => {
      lines.on("line", (line) => {
        this.queue = this.queue.then(() => this.handleLine(line)).catch((error: unknown) => {
          this.print(`! ${(error as Error).message}`);
        }).then(() => {
          if (this.closed) lines.close();
          else this.printPrompt();
        });
      });
      lines.on("close", () => void this.queue.then(() => resolve()));
    });
  }

  /** Resolves when every line read so far has been handled and its messages printed. */
  idle(): Promise<void> {
    return this.queue;
  }

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    const where = delivery.thread ? `${delivery.conversation} › ${delivery.thread}` : delivery.conversation;
    const header = delivery.operation === "update" ? `[${where}] (updated)` : `[${where}]`;
    this.print([header, ...renderView(delivery.view, (b) => this.numberButton(b)).map((l) => `  ${l}`)].join("\n"));
    return { messageId: `m${delivery.outboxId}` };
  }

  /** Who the persona is (their real role) and the commands that are theirs, in their language. */
  private help(): string {
    const t = texts(this.lang);
    const staff = this.role === "agent" || this.role === "manager";
    return [t.console.youAre(this.user.name ?? this.persona, t.roles[this.role]), t.askInPlainWords, t.console.commands(staff)].join("\n");
  }

  private get role(): Role {
    return this.logins.get(this.persona)?.role ?? "requester";
  }

  /** The persona's language, as the desk configuration gives it. */
  private get lang(): Lang {
    return this.options.config.people.find((p) => p.console === this.persona)?.locale ?? this.options.config.desk.defaultLocale;
  }

  private get user(): PlatformUser {
    return { platform: "console", id: this.persona, name: this.logins.get(this.persona)?.name ?? this.persona };
  }

  private get dm(): ChatPlace {
    return { platform: "console", conversation: `dm:${this.persona}` };
  }

  private async handleLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (this.pendingForm) return this.answerField(line);
    if (line === "") return;
    const [command, ...rest] = line.split(/\s+/);
    const args = line.slice(command.length).trim();
    switch (command.toLowerCase()) {
      case "/quit":
      case "/exit":
        this.closed = true;
        return;
      case "/help":
        this.print(this.help());
        return;
      case "/who": {
        const roles = texts(this.lang).roles;
        this.print([...this.logins].map(([login, p]) => `  ${login === this.persona ? "*" : " "} ${login.padEnd(8)} ${p.name} (${roles[p.role]})`).join("\n"));
        return;
      }
      case "/as":
        if (!rest[0] || !/^[a-z][a-z0-9_-]*$/.test(rest[0])) {
          this.print(texts(this.lang).console.asUsage);
          return;
        }
        this.persona = rest[0];
        this.print(texts(this.lang).console.nowYou(this.user.name ?? this.persona, texts(this.lang).roles[this.role]));
        return;
      case "/t":
      case "/reply": {
        const match = /^#?(\d+)\s+([\s\S]+)$/.exec(args);
        if (!match) {
          this.print(texts(this.lang).console.ticketUsage);
          return;
        }
        await this.show(await this.options.desk.replyOnTicket(this.user, Number(match[1]), match[2]));
        return;
      }
      case "/new":
      case "/status":
      case "/search":
      case "/sla":
      case "/notifications":
      case "/incident":
      case "/level3":
      case "/niveau3":
      case "/ticket":
      case "/tickets": {
        // "/tickets" lists (the queue, for desk staff); "/tickets N" draws ticket N again, with buttons that work now.
        const name = /^\/tickets?$/.test(command.toLowerCase()) ? (/^#?\d+$/.test(args) ? "ticket" : "status") : command.slice(1);
        const outcome = await this.options.desk.runCommand(this.user, this.dm, name, args);
        if (outcome.kind === "form") this.startForm(outcome.form);
        else await this.options.desk.outbox.drain().then(() => this.showView(outcome.view));
        return;
      }
      default:
        if (/^\d+$/.test(line)) return this.press(Number(line));
        if (line.startsWith("/")) {
          this.print(`${texts(this.lang).console.unknownCommand(command)}\n${this.help()}`);
          return;
        }
        await this.show(await this.options.desk.receiveMessage({ sender: this.user, place: this.dm, text: line }));
    }
  }

  private async press(number: number): Promise<void> {
    const button = this.buttons.get(number);
    if (!button) {
      // Buttons are numbered afresh at each start: after a restart the old numbers on screen mean nothing.
      this.print(`⚠ ${texts(this.lang).console.noButton(number)}`);
      return;
    }
    await this.show(await this.options.desk.pressButton({ sender: this.user, action: button.action, value: button.value }));
  }

  private async show(outcome: ActionOutcome | MessageOutcome): Promise<void> {
    switch (outcome.kind) {
      case "refused":
        this.print(`⚠ ${terminalSafe(outcome.message)}`);
        break;
      case "form":
        this.startForm(outcome.form);
        break;
      case "invalid":
        this.print(Object.values(outcome.errors).map((error) => `⚠ ${error}`).join("\n"));
        break;
      case "done":
        if (outcome.notice) this.print(outcome.notice);
        break;
      case "noted":
        this.print(terminalSafe(outcome.notice));
        break;
      default:
        break;
    }
    await this.options.desk.outbox.drain();
  }

  private startForm(form: FormView): void {
    this.pendingForm = { form, toAsk: form.fields.map((_, i) => i), values: {}, place: this.dm };
    const t = texts(form.lang);
    this.print(`── ${terminalSafe(form.title)} ── (${t.console.formCancelHint})${form.intro ? `\n${terminalSafe(form.intro)}` : ""}`);
    this.askField();
  }

  private askField(): void {
    const pending = this.pendingForm;
    if (!pending) return;
    this.options.output.write(fieldPrompt(pending.form.fields[pending.toAsk[0]], pending.form.lang));
  }

  /** One answer: checked at once (a choice, a date, a format), the field asked again while it is wrong. */
  private async answerField(line: string): Promise<void> {
    const pending = this.pendingForm as PendingForm;
    const t = texts(pending.form.lang);
    if (line === "/cancel") {
      this.pendingForm = null;
      this.print(t.console.formCancelled);
      return;
    }
    if (line.startsWith("/")) {
      this.print(t.console.answerOrCancel);
      return this.askField();
    }
    const field = pending.form.fields[pending.toAsk[0]];
    const value = typedAnswer(field, line === "" ? (field.initial ?? "") : line);
    const error = value === "" ? (field.required ? t.requiredField : null) : answerError(field, value, pending.form.lang);
    if (error) {
      this.print(`⚠ ${terminalSafe(t.console.fieldError(field.label, error))}`);
      return this.askField();
    }
    pending.values[field.id] = value;
    pending.toAsk.shift();
    if (pending.toAsk.length > 0) return this.askField();
    await this.submit(pending);
  }

  /** Sends the answers; what the desk finds wrong is asked again, the other answers kept. */
  private async submit(pending: PendingForm): Promise<void> {
    this.pendingForm = null;
    const outcome = await this.options.desk.submitForm({
      sender: this.user,
      form: pending.form.form,
      context: pending.form.context,
      values: pending.values,
      place: pending.place,
    });
    const wrong = outcome.kind === "invalid" ? pending.form.fields.flatMap((f, i) => (outcome.errors[f.id] ? [i] : [])) : [];
    if (outcome.kind !== "invalid" || wrong.length === 0) return this.show(outcome);
    const t = texts(pending.form.lang);
    this.print(wrong.map((i) => `⚠ ${terminalSafe(t.console.fieldError(pending.form.fields[i].label, outcome.errors[pending.form.fields[i].id]))}`).join("\n"));
    this.pendingForm = { ...pending, toAsk: wrong };
    this.askField();
  }

  private showView(view: MessageView): void {
    this.print(renderView(view, (b) => this.numberButton(b)).join("\n"));
  }

  private numberButton(button: ActionButton): number {
    const n = this.nextButton++;
    this.buttons.set(n, button);
    return n;
  }

  private printPrompt(): void {
    if (!this.pendingForm && !this.closed) this.options.output.write(`${this.persona}> `);
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

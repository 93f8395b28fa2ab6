import type { EntityManager } from "typeorm";
import type { DeskConfig, ExternalDeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { ExternalTransfer } from "../../store/entities/ExternalTransfer";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import type { RemoteStatus } from "./desk-connector";

/** What the ticket card says about a transfer: one line, and whether the agent may still cancel it. */
export interface TransferCardPart {
  value: string;
  cancellable: boolean;
}

/** The latest transfer of a ticket, if it has one. */
export function latestTransfer(manager: EntityManager, ticketId: number): Promise<ExternalTransfer | null> {
  return manager.findOne(ExternalTransfer, { where: { ticketId }, order: { id: "DESC" } });
}

export function deskConfigOf(config: DeskConfig, deskId: string): ExternalDeskConfig | undefined {
  return config.externalDesks.find((d) => d.id === deskId);
}

export function deskLabel(config: DeskConfig, deskId: string, lang: Lang): string {
  const desk = deskConfigOf(config, deskId);
  return desk ? localize(desk.label, lang) : deskId;
}

/** The card's transfer line: while it waits (and why), once created there (its reference and status), or how it ended. */
export function transferCardPart(config: DeskConfig, transfer: ExternalTransfer | null, lang: Lang): TransferCardPart | null {
  if (!transfer) return null;
  const t = texts(lang).transfer;
  const desk = deskLabel(config, transfer.deskId, lang);
  const reference = transfer.reference ?? transfer.externalId ?? "?";
  switch (transfer.state) {
    case "pending":
      return { value: t.pending(desk, transfer.lastError), cancellable: true };
    case "failed":
      return { value: t.failed(desk, transfer.lastError), cancellable: true };
    case "cancelled":
      return { value: t.cancelled(desk), cancellable: false };
    case "deleted":
      return { value: t.deleted(desk, reference), cancellable: false };
    default:
      return { value: t.open(desk, reference, t.remote[(transfer.remoteStatus as RemoteStatus | null) ?? "new"] ?? transfer.remoteStatus ?? ""), cancellable: false };
  }
}

import { isActionId, type ActionId } from "../../core/messages/message-view";

/**
 * Ids the Slack app shares with Slack: action ids of buttons, the callback ids of modals and of the message shortcuts
 * (the manifest names the same callback ids), the slash command.
 */
export const SLASH_COMMAND = "/guichet";
export const TICKET_FROM_MESSAGE_SHORTCUT = "ticket_from_message";
export const NOTE_FROM_MESSAGE_SHORTCUT = "internal_note_from_message";
export const FORM_CALLBACK_ID = "guichet.form";

/**
 * Slack wants action ids unique within a message, and the survey alone shows five `survey.rate` buttons: the
 * button's position is appended (`survey.rate#3`). The desk action is what comes before the `#`.
 */
export function buttonActionId(action: ActionId, index: number): string {
  return `${action}#${index}`;
}

export function deskActionOf(actionId: string): ActionId | null {
  const action = actionId.split("#")[0];
  return isActionId(action) ? action : null;
}

/** Matches every button the desk draws, and nothing else (Bolt routes block actions by this). */
export const DESK_BUTTON_PATTERN = /^[a-z]+\.[a-z_]+#\d+$/;

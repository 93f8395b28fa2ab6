import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from "botbuilder";

/** The result of checking a request's Bot Framework token. */
export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>>;

/**
 * The Bot Framework connector operations the sender uses (the SDK's ConnectorClient, described by what we call so
 * that no type is imported from a package guichet does not depend on directly).
 */
export interface ConnectorOperations {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    createConversation(parameters: Record<string, unknown>): Promise<{ id?: string; activityId?: string }>;
  };
}

/**
 * The SDK's CloudAdapter, with the turn reachable once the request is authenticated: the HTTP endpoint checks the
 * token and the tenant itself, then runs the turn, and writes the HTTP answer (CloudAdapter.process would log
 * errors to the console and hide the tenant check).
 */
export class TeamsAdapter extends CloudAdapter {
  runAuthenticatedTurn(
    authenticated: AuthenticatedRequest,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }

  /** The connector client of a turn, for calls the TurnContext does not offer (starting a channel thread). */
  connectorOf(context: TurnContext): ConnectorOperations {
    return context.turnState.get<ConnectorOperations>(this.ConnectorClientKey);
  }
}

import { ConfigError, type Env } from "../../config/env";

/** How the Teams channel authenticates, from the environment. */
export interface TeamsSettings {
  /** The Azure Bot's Microsoft app id; empty in local mode. */
  appId: string;
  /**
   * No app id: Bot Framework authentication is off, so anyone could post activities and make the bot call any
   * service URL. The channel then takes only requests from this machine naming a service URL on this machine
   * (the Bot Framework Emulator, the tests).
   */
  localOnly: boolean;
  /** The organisation served: activities from any other Azure AD tenant are refused. */
  tenantId: string | undefined;
  /** What ConfigurationBotFrameworkAuthentication reads (it never reaches a log). */
  authentication: Record<string, string | undefined>;
}

export function teamsSettings(env: Env): TeamsSettings {
  const appId = env.MicrosoftAppId ?? "";
  if (!appId) {
    return { appId: "", localOnly: true, tenantId: env.MicrosoftAppTenantId, authentication: {} };
  }
  const type = env.MicrosoftAppType ?? "MultiTenant";
  if (type !== "UserAssignedMSI" && !env.MicrosoftAppPassword) {
    throw new ConfigError("MicrosoftAppId is set but MicrosoftAppPassword is not: add the client secret of the Azure Bot's app registration.");
  }
  // The Bot Framework token proves that Teams sent the activity, not that the user belongs to your organisation.
  if (!env.MicrosoftAppTenantId) {
    throw new ConfigError("MicrosoftAppId is set but MicrosoftAppTenantId is not: set your Azure AD tenant id, the only tenant whose users the desk serves.");
  }
  return {
    appId,
    localOnly: false,
    tenantId: env.MicrosoftAppTenantId,
    authentication: {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppType: type,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
    },
  };
}

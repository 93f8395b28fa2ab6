import type { App, webApi } from "@slack/bolt";
import { renderHome } from "./blocks/home-blocks";
import type { SlackListenerDeps } from "./listener-deps";

/**
 * The App Home tab → `desk.home`: a requester's open and recent tickets; an agent's queue (unassigned, theirs,
 * about to breach). It is drawn when the person opens the tab and after each button they press on it. `views.publish`
 * draws a page, it posts nothing to anyone, so it does not go through the outbox.
 */
export function registerHome(app: App, deps: SlackListenerDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    await publishHome(client, deps, event.user);
  });
}

export async function publishHome(client: webApi.WebClient, deps: SlackListenerDeps, userId: string, notice?: string): Promise<void> {
  const home = await deps.desk.home(await deps.profiles.user(userId));
  await client.views.publish({ user_id: userId, view: renderHome(home, notice) });
}

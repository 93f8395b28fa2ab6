// The yardstick of `npm run load`: a Bolt app in HTTP mode that does nothing but answer each direct message with
// "ok" in its thread, through the same fake Web API as guichet. What guichet costs beyond it is the desk's work.
import { App } from "@slack/bolt";

const port = Number(process.env.PORT);
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  // Known in advance, as guichet knows them from auth.test: Bolt asks nothing before each event.
  botId: process.env.SLACK_BOT_ID,
  botUserId: process.env.SLACK_BOT_USER_ID,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 }, timeout: 10_000 },
});

app.event("message", async ({ event, client }) => {
  if (event.subtype !== undefined || !("user" in event) || !("ts" in event)) return;
  await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: "ok" });
});

// The two lines the load's process runner waits for, as guichet logs them.
void app.start({ port, host: "127.0.0.1" }).then(() => {
  process.stderr.write(`${JSON.stringify({ event: "http.listening", host: "127.0.0.1", port })}\n`);
  process.stderr.write(`${JSON.stringify({ event: "ready" })}\n`);
});
process.once("SIGTERM", () => void app.stop().finally(() => process.exit(0)));

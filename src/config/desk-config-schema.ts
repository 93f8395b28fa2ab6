import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { TICKET_EVENT_TYPES } from "../core/external-desks/ticket-event";
import { flattenMessages } from "../core/messages/message-file";
import { LANGUAGE_CODE } from "../core/messages/languages";
import { checkOverrides } from "../core/messages/message-overrides";
import { shippedMessages } from "../core/messages/shipped-messages";
import { UNCATEGORISED } from "../core/routing/category-labels";
import { calendarConfigSchema } from "../core/sla/business-calendar";
import { localizedTextSchema, localizedVariants } from "./localized-text";

/** A language of the desk: a catalogue's name (`fr`, `en`, `de`). */
const languageCodeSchema = z.string().trim().toLowerCase().regex(LANGUAGE_CODE, "write a language as its two- or three-letter code: fr, en, de…");

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "use lowercase letters, digits, '-' or '_' (e.g. network-team)");

/** A working-time duration: minutes, hours or working days, e.g. "30m", "4h", "2d". */
export const workingDurationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(m|h|d)$/, 'write a working-time duration such as "30m", "4h" or "2d"');

/** A node-cron expression (five fields, or six with seconds), read in the calendar's time zone. */
const cronSchema = z.string().refine((v) => isCronExpression(v), 'write a cron expression such as "0 8 * * 1" (Mondays 08:00)');

/** SLA targets that replace the desk's for some tickets; a target left out keeps the desk's. */
const slaTargetsOverrideSchema = z
  .object({
    acknowledge: workingDurationSchema.optional(),
    takeInCharge: workingDurationSchema.optional(),
    firstAnswer: workingDurationSchema.optional(),
    resolve: workingDurationSchema.optional(),
  })
  .strict();

/** Where a group talks on each platform; the console channel always has one. */
const chatPlacesSchema = z
  .object({
    slack: z.string().min(1).optional().describe("Slack channel id, e.g. C0123456789"),
    teams: z.string().min(1).optional().describe("Teams conversation id of the channel, e.g. 19:…@thread.tacv2"),
  })
  .strict()
  .default({});

const priorities = ["low", "normal", "high", "critical"] as const;

/** The profiles of seed 001's workstations, when the desk declares none of its own. */
const DEFAULT_PROFILES = [
  { id: "staff", label: { fr: "Personnels", en: "Staff" } },
  { id: "teacher", label: { fr: "Enseignants", en: "Teachers" } },
  { id: "student", label: { fr: "Étudiants", en: "Students" } },
];
export const prioritySchema = z.enum(priorities);

/**
 * Another service desk guichet hands tickets to (004: the current helpdesk keeps some themes; 002: some requests go
 * straight to the RIC's desk). Its URL and secrets come from the environment (GUICHET_DESK_<ID>_…, see
 * src/config/env.ts), never from this file.
 */
const externalDeskSchema = z
  .object({
    id,
    label: localizedTextSchema.describe("the other desk's name, as requesters and agents read it"),
    connector: z.enum(["glpi", "zammad", "webhook"]),
    /** Tickets of these categories go there at once (coexistence theme by theme); others only by Transfer to…. */
    categories: z.array(id).default([]),
    /** Catalogue requests of these types go there at once. */
    requestTypes: z.array(id).default([]),
    /** Minutes between two readings of each transferred ticket in the other system (GLPI, Zammad). */
    pollMinutes: z.number().int().min(1).max(1440).default(5),
    /** Seconds a call to the other system may take before it counts as failed and is tried again later. */
    timeoutSeconds: z.number().int().min(1).max(120).default(10),
    glpi: z
      .object({
        /** guichet category → GLPI ITIL category id (itilcategories_id); unmapped categories are left empty. */
        categories: z.record(z.string(), z.number().int().positive()).default({}),
        /** The GLPI entity tickets are created in (entities_id); default: the API user's. */
        entity: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    zammad: z
      .object({
        /** The Zammad group tickets are created in (required by Zammad), e.g. "2nd Level". */
        group: z.string().min(1),
        /** The customer (an email) of tickets whose requester has no known address: Zammad needs one per ticket. */
        customer: z.email().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const formFieldSchema = z
  .object({
    id,
    label: localizedTextSchema,
    type: z.enum(["text", "textarea", "select", "date", "number", "email"]).default("text"),
    required: z.boolean().default(true),
    options: z.array(z.object({ value: z.string().min(1), label: localizedTextSchema })).optional(),
    pattern: z
      .string()
      .superRefine((pattern, ctx) => {
        const error = regExpError(pattern);
        if (error) ctx.addIssue({ code: "custom", message: `not a regular expression (${error}): fix it` });
      })
      .optional()
      .describe("a regular expression the answer must match"),
    hint: localizedTextSchema.optional(),
    maxLength: z.number().int().positive().max(3000).default(500),
    /** A date that must not be in the past (an event, an end of access): earlier answers are refused. */
    future: z.boolean().default(false),
  })
  .strict()
  .refine((f) => f.type !== "select" || (f.options?.length ?? 0) > 0, {
    message: "a select field needs options",
    path: ["options"],
  })
  .refine((f) => !f.future || f.type === "date", { message: "only a date field can be `future`", path: ["future"] });

/**
 * Who decides an approval step of a workflow (004: « la notion de validation »): the managers of the request's
 * team (`role: manager`), the experts of a named group (`group`), or the requester's own manager from the directory
 * of people (`requesterManager: true`, read from `people[].manager`; the team's managers when the requester has none).
 */
const approvalStepSchema = z
  .object({
    /** What the step is called on the card and in the requester's messages (default: who approves). */
    label: localizedTextSchema.optional(),
    role: z.enum(["manager"]).optional(),
    group: id.optional(),
    requesterManager: z.literal(true).optional(),
  })
  .strict()
  .refine((a) => [a.role, a.group, a.requesterManager].filter((v) => v !== undefined).length === 1, {
    message: "say who approves, one of: `role: manager`, `group: <expert group>`, `requesterManager: true`",
  });

/** A request to one level-1 team, opened as a ticket of its own, with answers of the parent request it needs. */
const subRequestSchema = z
  .object({
    id,
    label: localizedTextSchema,
    team: id,
    /** Its category (routing to experts, SLA targets, priority); default: the request type's. */
    category: id.optional(),
    /** Its title, where `{field}` is replaced by the parent's answer to that field; default: its label. */
    title: localizedTextSchema.optional(),
    /** The parent's fields it carries (their ids), in this order. */
    fields: z.array(id).default([]),
  })
  .strict();

/**
 * A request type's workflow (004: « workflows spécifiques des différentes directions », « plusieurs sous-demandes »):
 * steps in order, each waiting for the one before; a step is an approval, or sub-requests sent at once (in parallel).
 */
const workflowStepSchema = z.union([
  z.object({ approval: approvalStepSchema }).strict(),
  z.object({ subRequests: z.array(subRequestSchema).min(1, "list at least one sub-request") }).strict(),
]);

/**
 * A self-service action (004: « auto-remédiation … déblocage de compte, réinitialisation de mot de passe »): the request
 * type's answers are sent, once the requester confirms, to an HTTP endpoint of the site, whose URL and secret come
 * from GUICHET_ACTION_<ID>_URL and GUICHET_ACTION_<ID>_SECRET (see src/config/env.ts), never from this file.
 */
const actionSchema = z
  .object({
    /** The question asked before calling, where `{field}` is replaced by the answer; default: the answers listed. */
    confirm: localizedTextSchema.optional(),
    /** Seconds the endpoint may take; a call that takes longer is tried once more, then a ticket is opened. */
    timeoutSeconds: z.number().int().min(1).max(30).default(10),
  })
  .strict();

/** A service of the catalogue: a ticket with its own fields (optionally approved), a workflow, or an action. */
const requestTypeSchema = z
  .object({
    id,
    label: localizedTextSchema,
    description: localizedTextSchema.optional(),
    category: id,
    fields: z.array(formFieldSchema).default([]),
    approval: z.object({ role: z.enum(["manager"]) }).strict().optional(),
    /** The profiles this service is for (staff, student…); none listed: everyone. */
    profiles: z.array(id).optional(),
    workflow: z.array(workflowStepSchema).optional(),
    action: actionSchema.optional(),
  })
  .strict();

export const deskConfigSchema = z
  .object({
    desk: z
      .object({
        name: localizedTextSchema.default({ fr: "Centre de services", en: "Service desk" }),
        /**
         * The languages people are answered in, each a message catalogue: shipped (fr, en) or the desk's own
         * `<code>.yaml` in GUICHET_MESSAGES_DIR (or under `messages:`).
         */
        languages: z.array(languageCodeSchema).min(1).default(["fr", "en"]),
        /** The language of whoever the desk knows nothing about; the first of `languages` when not given. */
        defaultLocale: languageCodeSchema.optional(),
        /** Longer requester messages are cut with a notice (chat platforms cap a post around 3 000–40 000 chars). */
        maxMessageLength: z.number().int().min(200).max(20000).default(3000),
        /** How many knowledge articles a suggestion shows (the brief says 1–3). */
        suggestions: z.number().int().min(1).max(3).default(3),
        /**
         * In a chat without threads, a message after this many minutes of silence on unanswered suggestions is a new
         * question, not more words about the last one.
         */
        newQuestionAfterMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .strict()
      .transform((desk) => ({ ...desk, defaultLocale: desk.defaultLocale ?? desk.languages[0] }))
      .default({
        name: { fr: "Centre de services", en: "Service desk" },
        languages: ["fr", "en"],
        defaultLocale: "fr",
        maxMessageLength: 3000,
        suggestions: 3,
        newQuestionAfterMinutes: 10,
      }),
    sites: z
      .array(
        z
          .object({
            id,
            label: localizedTextSchema,
            aliases: z.array(z.string().min(2)).default([]),
            /** The profile of the people of this site who have none of their own (a student residence: student). */
            profile: id.optional(),
          })
          .strict(),
      )
      .default([]),
    /** Kinds of workstation the report breaks its figures down by (seed 001: quality « par type de position de travail »). */
    profiles: z
      .array(z.object({ id, label: localizedTextSchema }).strict())
      .default(DEFAULT_PROFILES),
    teams: z
      .array(z.object({ id, label: localizedTextSchema, triage: chatPlacesSchema }).strict())
      .min(1, "declare at least one level-1 team"),
    expertGroups: z
      .array(
        z
          .object({
            id,
            label: localizedTextSchema,
            channel: chatPlacesSchema,
            /** Level 3 (seed 002): the specialists' groups this group's experts may hand a ticket on to, with a note. */
            escalatesTo: z.array(id).default([]),
          })
          .strict(),
      )
      .default([]),
    categories: z
      .array(
        z
          .object({
            id,
            label: localizedTextSchema,
            keywords: z.array(z.string().min(2)).default([]),
            expertGroup: id.optional(),
            /** Automatic call of level 2 when level 1 has not resolved within this working time. */
            escalateAfter: workingDurationSchema.optional(),
            defaultPriority: prioritySchema.default("normal"),
            /** This category's own SLA targets; `resolve` is one duration or one per priority. */
            sla: slaTargetsOverrideSchema
              .extend({
                resolve: z
                  .union([
                    workingDurationSchema,
                    z
                      .object({
                        critical: workingDurationSchema.optional(),
                        high: workingDurationSchema.optional(),
                        normal: workingDurationSchema.optional(),
                        low: workingDurationSchema.optional(),
                      })
                      .strict(),
                  ])
                  .optional(),
              })
              .optional(),
          })
          .strict(),
      )
      .min(1, "declare at least one category"),
    routing: z
      .array(
        z
          .object({
            team: id,
            categories: z.array(id).optional(),
            sites: z.array(id).optional(),
          })
          .strict(),
      )
      .default([]),
    defaultTeam: id.optional(),
    /**
     * Requests the desk does not handle (004: the helpdesk a site already runs keeps some themes): words that
     * recognise them, and the answer that sends the requester to the right place instead of a wrong team.
     */
    outOfScope: z
      .array(
        z
          .object({
            keywords: z.array(z.string().min(2)).min(1, "give at least one word that recognises these requests"),
            answer: localizedTextSchema.describe("where to go instead: a sentence, a link"),
          })
          .strict(),
      )
      .default([]),
    priorityKeywords: z
      .object({
        critical: z.array(z.string()).default([]),
        high: z.array(z.string()).default([]),
      })
      .strict()
      .default({ critical: [], high: [] }),
    requestTypes: z.array(requestTypeSchema).default([]),
    people: z
      .array(
        z
          .object({
            name: z.string().min(1),
            role: z.enum(["requester", "agent", "expert", "manager"]),
            site: id.optional(),
            profile: id.optional(),
            locale: languageCodeSchema.optional(),
            expertGroups: z.array(id).default([]),
            /** Managers: the level-1 teams they answer for (missed commitments, approvals); none listed: every team. */
            manages: z.array(id).default([]),
            /** Their manager, by name as listed here: approves their requests whose workflow asks for it. */
            manager: z.string().min(1).optional(),
            email: z.email().optional(),
            slack: z.array(z.string().min(1)).default([]),
            teams: z.array(z.string().min(1)).default([]),
            console: z.string().regex(/^[a-z][a-z0-9_-]*$/, "a lowercase login such as alice").optional(),
          })
          .strict(),
      )
      .default([]),
    sla: z
      .object({
        /** Share of a target after which the assignee is reminded. */
        reminderAt: z.number().gt(0).lt(1).default(0.75),
        acknowledge: workingDurationSchema.default("1h"),
        takeInCharge: workingDurationSchema.default("2d"),
        firstAnswer: workingDurationSchema.default("4h"),
        resolve: z
          .object({
            critical: workingDurationSchema.default("4h"),
            high: workingDurationSchema.default("1d"),
            normal: workingDurationSchema.default("3d"),
            low: workingDurationSchema.default("5d"),
          })
          .strict()
          .default({ critical: "4h", high: "1d", normal: "3d", low: "5d" }),
        autoCloseAfter: workingDurationSchema.default("5d"),
        majorIncidentBroadcast: workingDurationSchema.default("24h"),
        /** Targets per priority that replace the ones above (a category's own targets win over these). */
        priorities: z
          .object({
            critical: slaTargetsOverrideSchema.optional(),
            high: slaTargetsOverrideSchema.optional(),
            normal: slaTargetsOverrideSchema.optional(),
            low: slaTargetsOverrideSchema.optional(),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({
        reminderAt: 0.75,
        acknowledge: "1h",
        takeInCharge: "2d",
        firstAnswer: "4h",
        resolve: { critical: "4h", high: "1d", normal: "3d", low: "5d" },
        autoCloseAfter: "5d",
        majorIncidentBroadcast: "24h",
        priorities: {},
      }),
    /** Who may take level-1 tickets besides level 1. */
    assignment: z
      .object({
        /** Experts may claim level-1 tickets of their groups' categories, to relieve level 1 under load (002). */
        expertsRelieveLevel1: z.boolean().default(false),
      })
      .strict()
      .default({ expertsRelieveLevel1: false }),
    /** Other service desks tickets are handed to (by category, by request type, or by an agent's Transfer to…). */
    externalDesks: z.array(externalDeskSchema).default([]),
    /**
     * Signed webhooks told of ticket events without any transfer (a dashboard, an archive, a chat-ops bot). Their URL
     * and secret come from the environment (GUICHET_WEBHOOK_<ID>_URL and _SECRET).
     */
    webhooks: z
      .array(z.object({ id, events: z.array(z.enum(TICKET_EVENT_TYPES)).min(1).default([...TICKET_EVENT_TYPES]) }).strict())
      .default([]),
    /** When the scheduled jobs run (node-cron expressions in the calendar's time zone). */
    jobs: z
      .object({
        /** The SLA sweep: reminders, breaches, automatic escalations and closings. */
        slaSweep: cronSchema.default("* * * * *"),
        /** The management digest. */
        digest: cronSchema.default("0 8 * * 1"),
        /** Days the digest covers, ending at its run. */
        digestDays: z.number().int().min(1).max(92).default(7),
        /** The review-meeting extraction (the tickets open at its run, as CSV); none when unset. */
        extraction: cronSchema.optional(),
        /** The reading of transferred tickets in the other desks' systems (each is read every `pollMinutes`). */
        externalDesks: cronSchema.default("* * * * *"),
      })
      .strict()
      .default({ slaSweep: "* * * * *", digest: "0 8 * * 1", digestDays: 7, externalDesks: "* * * * *" }),
    calendar: calendarConfigSchema.default(calendarConfigSchema.parse({})),
    announcements: chatPlacesSchema.describe("where major incidents are broadcast"),
    management: chatPlacesSchema.describe("where the weekly digest is posted"),
    /**
     * The desk's own wording: by language, any message of the shipped catalogues (src/core/messages/catalogues)
     * written the desk's way, checked like the catalogues (known key, ICU syntax, the message's placeholders only).
     */
    messages: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .default({})
      .superRefine((messages, ctx) => {
        for (const [lang, tree] of Object.entries(messages)) {
          for (const problem of checkOverrides(lang, flattenMessages(tree))) {
            ctx.addIssue({ code: "custom", path: [lang, ...problem.path], message: problem.message });
          }
        }
      }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const teamIds = new Set(config.teams.map((t) => t.id));
    const groupIds = new Set(config.expertGroups.map((g) => g.id));
    const categoryIds = new Set(config.categories.map((c) => c.id));
    const siteIds = new Set(config.sites.map((s) => s.id));
    const profileIds = new Set(config.profiles.map((p) => p.id));

    const unique = (list: Array<{ id: string }>, key: string) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [key, i, "id"], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    };
    checkLanguages(config, ctx);
    unique(config.teams, "teams");
    unique(config.expertGroups, "expertGroups");
    unique(config.categories, "categories");
    unique(config.sites, "sites");
    unique(config.requestTypes, "requestTypes");
    unique(config.profiles, "profiles");
    unique(config.externalDesks, "externalDesks");
    unique(config.webhooks, "webhooks");

    const mustExist = (set: Set<string>, value: string | undefined, path: Array<string | number>, what: string) => {
      if (value !== undefined && !set.has(value)) {
        ctx.addIssue({ code: "custom", path, message: `unknown ${what} "${value}" (declared: ${[...set].join(", ") || "none"})` });
      }
    };
    config.categories.forEach((c, i) => mustExist(groupIds, c.expertGroup, ["categories", i, "expertGroup"], "expert group"));
    checkLevelThree(config.expertGroups, groupIds, mustExist, ctx);
    config.categories.forEach((c, i) => {
      if (c.id === UNCATEGORISED) {
        ctx.addIssue({ code: "custom", path: ["categories", i, "id"], message: `"${UNCATEGORISED}" is reserved for requests that match no category: pick another id` });
      }
    });
    config.routing.forEach((rule, i) => {
      mustExist(teamIds, rule.team, ["routing", i, "team"], "team");
      rule.categories?.forEach((c, j) => mustExist(categoryIds, c, ["routing", i, "categories", j], "category"));
      rule.sites?.forEach((s, j) => mustExist(siteIds, s, ["routing", i, "sites", j], "site"));
    });
    mustExist(teamIds, config.defaultTeam, ["defaultTeam"], "team");
    config.requestTypes.forEach((r, i) => {
      mustExist(categoryIds, r.category, ["requestTypes", i, "category"], "category");
      r.profiles?.forEach((p, j) => mustExist(profileIds, p, ["requestTypes", i, "profiles", j], "profile"));
    });
    checkWorkflows(config, { teamIds, groupIds, categoryIds }, ctx);
    config.sites.forEach((site, i) => mustExist(profileIds, site.profile, ["sites", i, "profile"], "profile"));
    const handedOver = new Map<string, string>();
    config.externalDesks.forEach((desk, i) => {
      const at = (...rest: Array<string | number>) => ["externalDesks", i, ...rest];
      desk.categories.forEach((c, j) => mustExist(categoryIds, c, at("categories", j), "category"));
      desk.requestTypes.forEach((r, j) => {
        const type = config.requestTypes.find((candidate) => candidate.id === r);
        if (!type) mustExist(new Set(config.requestTypes.map((candidate) => candidate.id)), r, at("requestTypes", j), "request type");
        else if (type.approval) {
          ctx.addIssue({ code: "custom", path: at("requestTypes", j), message: `"${r}" needs a manager's approval: it cannot be handed over at creation (transfer it by hand once approved)` });
        } else if (type.workflow || type.action) {
          // Its sub-requests go to other desks by their categories; an action opens no ticket to hand over.
          ctx.addIssue({ code: "custom", path: at("requestTypes", j), message: `"${r}" is a ${type.workflow ? "workflow" : "self-service action"}: it cannot be handed over (hand over the categories of its sub-requests instead)` });
        }
      });
      for (const [list, key] of [[desk.categories, "categories"], [desk.requestTypes, "requestTypes"]] as const) {
        list.forEach((value, j) => {
          const owner = handedOver.get(`${key}:${value}`);
          if (owner) ctx.addIssue({ code: "custom", path: at(key, j), message: `"${value}" already goes to the desk "${owner}": a request goes to one desk` });
          handedOver.set(`${key}:${value}`, desk.id);
        });
      }
      if (desk.connector === "zammad" && !desk.zammad) {
        ctx.addIssue({ code: "custom", path: at("connector"), message: "a Zammad desk needs `zammad: { group: … }`, the Zammad group its tickets are created in" });
      }
      if (desk.glpi && desk.connector !== "glpi") ctx.addIssue({ code: "custom", path: at("glpi"), message: `\`glpi\` settings are for a GLPI desk, not a ${desk.connector} one` });
      if (desk.zammad && desk.connector !== "zammad") ctx.addIssue({ code: "custom", path: at("zammad"), message: `\`zammad\` settings are for a Zammad desk, not a ${desk.connector} one` });
      Object.keys(desk.glpi?.categories ?? {}).forEach((c) => mustExist(categoryIds, c, at("glpi", "categories", c), "category"));
    });
    config.people.forEach((p, i) => {
      mustExist(siteIds, p.site, ["people", i, "site"], "site");
      mustExist(profileIds, p.profile, ["people", i, "profile"], "profile");
      p.expertGroups.forEach((g, j) => mustExist(groupIds, g, ["people", i, "expertGroups", j], "expert group"));
      p.manages.forEach((team, j) => mustExist(teamIds, team, ["people", i, "manages", j], "team"));
      if (p.manager !== undefined) {
        const named = config.people.filter((other) => other.name === p.manager);
        const path = ["people", i, "manager"];
        if (named.length === 0) ctx.addIssue({ code: "custom", path, message: `no one named "${p.manager}" under people: give the name of a person listed here` });
        else if (named.length > 1) ctx.addIssue({ code: "custom", path, message: `${named.length} people are named "${p.manager}": give each a distinct name` });
        else if (named[0] === p) ctx.addIssue({ code: "custom", path, message: "a person cannot be their own manager" });
      }
      if (p.manages.length > 0 && p.role !== "manager") {
        ctx.addIssue({ code: "custom", path: ["people", i, "manages"], message: "only a manager (role: manager) answers for teams" });
      }
    });
    uniqueIdentities(config.people, ctx);
  });

export type DeskConfig = z.infer<typeof deskConfigSchema>;

/**
 * A workflow's references hold (teams, groups, categories, the request type's own fields), and a request type is one
 * thing: a ticket (optionally approved), a workflow, or a self-service action.
 */
function checkWorkflows(
  config: { requestTypes: Array<z.infer<typeof requestTypeSchema>> },
  known: { teamIds: Set<string>; groupIds: Set<string>; categoryIds: Set<string> },
  ctx: z.RefinementCtx,
): void {
  const exists = (set: Set<string>, value: string | undefined, path: Array<string | number>, what: string) => {
    if (value !== undefined && !set.has(value)) ctx.addIssue({ code: "custom", path, message: `unknown ${what} "${value}" (declared: ${[...set].join(", ") || "none"})` });
  };
  config.requestTypes.forEach((type, i) => {
    const at = (...rest: Array<string | number>) => ["requestTypes", i, ...rest];
    if (type.action && (type.workflow || type.approval)) {
      ctx.addIssue({ code: "custom", path: at("action"), message: "a self-service action opens no ticket of its own: remove its `workflow` or `approval`" });
    }
    if (!type.workflow) return;
    if (type.approval) {
      ctx.addIssue({ code: "custom", path: at("approval"), message: "a request type with a workflow is approved by its steps: write `- approval: { role: manager }` as its first step" });
    }
    if (!type.workflow.some((step) => "subRequests" in step)) {
      ctx.addIssue({ code: "custom", path: at("workflow"), message: "a workflow sends at least one sub-request to a team: add a step `- subRequests: [...]`" });
    }
    const fieldIds = new Set(type.fields.map((f) => f.id));
    const seen = new Set<string>();
    type.workflow.forEach((step, j) => {
      if ("approval" in step) {
        exists(known.groupIds, step.approval.group, at("workflow", j, "approval", "group"), "expert group");
        return;
      }
      step.subRequests.forEach((sub, k) => {
        const path = (...rest: Array<string | number>) => at("workflow", j, "subRequests", k, ...rest);
        if (seen.has(sub.id)) ctx.addIssue({ code: "custom", path: path("id"), message: `duplicate sub-request id "${sub.id}" in this workflow` });
        seen.add(sub.id);
        exists(known.teamIds, sub.team, path("team"), "team");
        exists(known.categoryIds, sub.category, path("category"), "category");
        sub.fields.forEach((f, n) => exists(fieldIds, f, path("fields", n), "field of this request type"));
        for (const title of sub.title ? localizedVariants(sub.title) : []) {
          for (const name of placeholders(title)) exists(fieldIds, name, path("title"), "field of this request type");
        }
      });
    });
  });
}

/**
 * The default language and each person's are offered ones, listed once; a catalogue under `messages:` for a language
 * guichet does not ship is for one of them (else it would never be read).
 */
function checkLanguages(config: { desk: { languages: string[]; defaultLocale: string }; people: Array<{ locale?: string }>; messages: Record<string, unknown> }, ctx: z.RefinementCtx): void {
  const offered = config.desk.languages;
  const list = offered.join(", ");
  offered.forEach((lang, i) => {
    if (offered.indexOf(lang) !== i) ctx.addIssue({ code: "custom", path: ["desk", "languages", i], message: `"${lang}" is listed twice` });
  });
  if (!offered.includes(config.desk.defaultLocale)) {
    ctx.addIssue({ code: "custom", path: ["desk", "defaultLocale"], message: `"${config.desk.defaultLocale}" is not one of desk.languages (${list}): add it there` });
  }
  config.people.forEach((person, i) => {
    if (person.locale !== undefined && !offered.includes(person.locale)) {
      ctx.addIssue({ code: "custom", path: ["people", i, "locale"], message: `"${person.locale}" is not one of desk.languages (${list})` });
    }
  });
  for (const lang of Object.keys(config.messages)) {
    if (!offered.includes(lang) && !shippedMessages().has(lang)) {
      ctx.addIssue({ code: "custom", path: ["messages", lang], message: `the desk does not offer "${lang}": add it to desk.languages (${list}) or remove these messages` });
    }
  }
}

/**
 * `escalatesTo` names declared groups, never the group itself, and never leads back to where it started: a ticket
 * handed on to level 3 is not handed back down through the same path.
 */
function checkLevelThree(
  groups: Array<{ id: string; escalatesTo: string[] }>,
  groupIds: Set<string>,
  mustExist: (set: Set<string>, value: string | undefined, path: Array<string | number>, what: string) => void,
  ctx: z.RefinementCtx,
): void {
  const next = new Map(groups.map((g) => [g.id, g.escalatesTo]));
  groups.forEach((group, i) => {
    group.escalatesTo.forEach((target, j) => {
      const path = ["expertGroups", i, "escalatesTo", j];
      if (target === group.id) {
        ctx.addIssue({ code: "custom", path, message: `"${group.id}" cannot hand tickets on to itself: name another expert group` });
        return;
      }
      mustExist(groupIds, target, path, "expert group");
      const back = pathBack(next, target, group.id);
      if (back) ctx.addIssue({ code: "custom", path, message: `${[group.id, ...back].map((g) => `"${g}"`).join(" → ")} is a cycle: remove one of these escalatesTo` });
    });
  });
}

/** The groups from `from` back to `to` through `escalatesTo`, or null when there is no way back. */
function pathBack(next: Map<string, string[]>, from: string, to: string): string[] | null {
  const seen = new Set<string>();
  const walk = (at: string): string[] | null => {
    if (at === to) return [at];
    if (seen.has(at)) return null;
    seen.add(at);
    for (const target of next.get(at) ?? []) {
      const rest = walk(target);
      if (rest) return [at, ...rest];
    }
    return null;
  };
  return walk(from);
}

/** The `{field}` names in a text of the configuration. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z0-9][a-z0-9_-]*)\}/g)].map((m) => m[1]);
}

/** Why a pattern of the configuration is not a regular expression, or null when it is one. */
function regExpError(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Each console login, Slack id, Teams id and email belongs to one person: shared, it would give one of them the
 * other's role, whoever comes first in the list. Both are named.
 */
function uniqueIdentities(
  people: Array<{ name: string; console?: string; slack: string[]; teams: string[]; email?: string }>,
  ctx: z.RefinementCtx,
): void {
  const owners = new Map<string, { name: string; index: number }>();
  people.forEach((person, i) => {
    const identities: Array<{ key: string; what: string; path: Array<string | number> }> = [
      ...(person.console ? [{ key: `console:${person.console}`, what: `the console login "${person.console}"`, path: ["people", i, "console"] }] : []),
      ...person.slack.map((id, j) => ({ key: `slack:${id}`, what: `the Slack id ${id}`, path: ["people", i, "slack", j] })),
      ...person.teams.map((id, j) => ({ key: `teams:${id}`, what: `the Teams id ${id}`, path: ["people", i, "teams", j] })),
      ...(person.email ? [{ key: `email:${person.email.toLowerCase()}`, what: `the email ${person.email}`, path: ["people", i, "email"] }] : []),
    ];
    for (const { key, what, path } of identities) {
      const owner = owners.get(key);
      if (!owner) owners.set(key, { name: person.name, index: i });
      else if (owner.index !== i) {
        ctx.addIssue({ code: "custom", path, message: `${what} of ${person.name} is also given to ${owner.name} (people.${owner.index}): each identity belongs to one person` });
      }
    }
  });
}
export type Priority = z.infer<typeof prioritySchema>;
export type CategoryConfig = DeskConfig["categories"][number];
export type RequestTypeConfig = z.infer<typeof requestTypeSchema>;
export type FormFieldConfig = RequestTypeConfig["fields"][number];
export type PersonConfig = DeskConfig["people"][number];
export type ExternalDeskConfig = DeskConfig["externalDesks"][number];
export type WebhookConfig = DeskConfig["webhooks"][number];
export type WorkflowStepConfig = NonNullable<RequestTypeConfig["workflow"]>[number];
export type ApprovalStepConfig = Extract<WorkflowStepConfig, { approval: unknown }>["approval"];
export type SubRequestConfig = Extract<WorkflowStepConfig, { subRequests: unknown }>["subRequests"][number];
export type ActionConfig = NonNullable<RequestTypeConfig["action"]>;
export const PRIORITIES = priorities;

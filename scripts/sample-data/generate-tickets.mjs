#!/usr/bin/env node
// Deterministic generator for data/tickets.jsonl (sample help-desk tickets for the fictional company Packmoth).
//
//   node scripts/sample-data/generate-tickets.mjs                 # writes data/tickets.jsonl
//   node scripts/sample-data/generate-tickets.mjs --labels x.json # also writes ground-truth labels (topic per ticket)
//   node scripts/sample-data/generate-tickets.mjs --seed 7        # different (still deterministic) data set
//
// Plain Node ESM, no dependencies. All phrasings live in ./phrasings and were written by hand for this project.
import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "./lib/prng.mjs";
import { NAME_GROUPS, LOCALE_GROUPS, SHOPS, ENTERPRISE_COMPANIES, AGENTS } from "./lib/people.mjs";
import * as pii from "./lib/pii.mjs";
import accountBilling from "./phrasings/routine-account-billing.mjs";
import shipping from "./phrasings/routine-shipping.mjs";
import integrations from "./phrasings/routine-integrations.mjs";
import uncovered from "./phrasings/uncovered.mjs";
import special, { HUMAN_OPENERS, HUMAN_REPLY_PREFIXES, ANGRY_OPENERS, ANGRY_CLOSERS, ANGRY_SUBJECT_PREFIXES, APOLOGIES } from "./phrasings/special.mjs";
import i18n, { LOCALE_SHARE, LOCALE_FRAMES } from "./phrasings/i18n.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const SEED = Number(argValue("--seed") ?? 20261120);
const OUT = argValue("--out") ?? join(root, "data", "tickets.jsonl");
const LABELS = argValue("--labels");

const BRAND = "packmoth";
const ENTERPRISE_BRAND = "packmoth-enterprise";
const HELP_BASE = "https://help.packmoth.example/articles/";
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
// Eight weeks ending 2026-11-20 (inclusive): 2026-09-26T00:00Z .. 2026-11-21T00:00Z.
const END = Date.UTC(2026, 10, 21);
const START = END - 56 * DAY;
const NOW = END; // the moment the export was taken

const ROUTINE_TOTAL = 1115;
const ROUTINE_WEEK_WEIGHTS = [0.86, 0.9, 0.93, 0.96, 1.0, 1.05, 1.12, 1.18];
const SPECIAL_WEEK_WEIGHTS = [0.9, 0.95, 1, 1, 1, 1.05, 1.1, 1.1];

const rng = createRng(SEED);
const routineTopics = [...accountBilling, ...shipping, ...integrations];
const articleIds = new Set(JSON.parse(readFileSync(join(root, "data", "articles.json"), "utf8")).map((a) => a.id));

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

/** Fills {slot} from ctx and picks one of [a|b|c]. */
function fill(template, ctx) {
  return template
    .replace(/\[([^[\]]*\|[^[\]]*)\]/g, (_, alts) => rng.pick(alts.split("|")))
    .replace(/\{(\w+)\}/g, (m, key) => (key in ctx ? String(ctx[key]) : m));
}

const ascii = (s) => s.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
const slugify = (s) => s.toLowerCase().replace(/&/g, "and").normalize("NFD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const COMMON_MISSPELLINGS = {
  receive: "recieve", definitely: "definately", address: "adress", addresses: "adresses", separate: "seperate",
  tomorrow: "tommorow", because: "becuase", which: "wich", really: "realy", already: "allready", business: "buisness",
  weird: "wierd", until: "untill", across: "accross", label: "lable", labels: "lables", immediately: "immediatly",
  account: "acount", shipping: "shiping", necessary: "neccessary", received: "recieved", cancelled: "canceled",
};

function typoWord(word) {
  const lower = word.toLowerCase();
  if (COMMON_MISSPELLINGS[lower] && rng.chance(0.6)) return COMMON_MISSPELLINGS[lower];
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 2)) {
    case 0: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1: return word.slice(0, i) + word.slice(i + 1);
    default: return word.slice(0, i) + word[i] + word.slice(i);
  }
}

/** Adds a few realistic typos. Only touches plain lower-case words so codes, names and numbers stay intact. */
function addTypos(text, rate) {
  let out = text.replace(/\b[a-z]{4,}\b/g, (w) => (rng.chance(rate) ? typoWord(w) : w));
  if (rng.chance(0.4)) out = out.replace(/\b(do|does|did|is|are|was|can|could|would|have|has|should|wo)n't\b/gi, (m) => m.replace("'", ""));
  if (rng.chance(0.3)) out = out.replace(/\bI'm\b/g, "Im").replace(/\bI've\b/g, "Ive");
  if (rng.chance(0.2)) out = out.replace(/\. /g, rng.pick([".  ", " . ", ".. "]));
  return out;
}

function shout(text) {
  // Upper-case a couple of words and add exclamation marks.
  let out = text.replace(/\b[a-z]{5,}\b/g, (w) => (rng.chance(0.08) ? w.toUpperCase() : w));
  out = out.replace(/([a-z])\.(\s|$)/g, (m, c, s) => (rng.chance(0.35) ? `${c}${rng.pick(["!", "!!", "!!!"])}${s}` : m));
  out = out.replace(/\?(\s|$)/g, (m, s) => (rng.chance(0.5) ? `${rng.pick(["??", "?!", "???"])}${s}` : m));
  return out;
}

/**
 * Subject for a question: one of the hand-written subjects listed for it in topic.smap, or (-1) the start of
 * the message itself, the way web forms and mail clients often produce subjects.
 */
function pickSubject(topic, qIndex, filledQuestion) {
  const choice = topic.smap ? rng.pick([topic.smap[qIndex]].flat()) : rng.int(0, topic.subjects.length - 1);
  if (choice >= 0) return topic.subjects[choice];
  const first = filledQuestion.split(/(?<=[.?!])\s/)[0].replace(/[.!]+$/, "");
  return first.length <= 70 ? first : `${first.slice(0, 60).replace(/\s\S*$/, "")}...`;
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

function makeEmail(first, last, shop) {
  const f = ascii(first) || "hello";
  const l = ascii(last) || "shop";
  const shopDomain = `${slugify(shop)}.example`;
  return rng.weighted([
    [5, `${f}.${l}@example.com`],
    [3, `${f}@${shopDomain}`],
    [2, `${f}${l[0]}${rng.int(1, 99)}@example.net`],
    [2, `${l}.${f}@example.org`],
    [1, `hello@${shopDomain}`],
    [1, `orders@${shopDomain}`],
    [2, `${f[0]}.${l}@example.com`],
    [1, `${f}_${l}@example.net`],
  ]);
}

function makeCustomer(group, brand) {
  const first = rng.pick(group.first);
  const last = rng.pick(group.last);
  const name = group.eastern && rng.chance(0.3) ? `${last} ${first}` : `${first} ${last}`;
  if (brand === ENTERPRISE_BRAND) {
    const company = rng.pick(ENTERPRISE_COMPANIES);
    return { first, last, name, email: `${ascii(first)}.${ascii(last)}@${company.domain}`, shop: company.name, shopDomain: company.domain, currency: rng.pick(["$", "€", "£"]), brand };
  }
  const shop = rng.pick(SHOPS);
  return { first, last, name, email: makeEmail(first, last, shop), shop, shopDomain: `${slugify(shop)}.example`, currency: rng.weighted([[55, "$"], [25, "€"], [20, "£"]]), brand };
}

const customerPool = [];
for (let i = 0; i < 1600; i++) customerPool.push(makeCustomer(rng.weighted(NAME_GROUPS.map((g) => [g.weight, g])), BRAND));
const enterprisePool = [];
for (let i = 0; i < 90; i++) enterprisePool.push(makeCustomer(rng.weighted(NAME_GROUPS.map((g) => [g.weight, g])), ENTERPRISE_BRAND));
const localePools = {};
for (const [locale, group] of Object.entries(LOCALE_GROUPS)) {
  localePools[locale] = [];
  for (let i = 0; i < 30; i++) localePools[locale].push(makeCustomer(group, BRAND));
}

/** Skewed pick: a minority of customers write several times. */
const pickFrom = (pool) => pool[Math.floor(pool.length * Math.pow(rng.next(), 1.15))];

// ---------------------------------------------------------------------------------------------
// Ticket context (slot values)
// ---------------------------------------------------------------------------------------------

const CARRIERS = [
  { name: "Bluefinch Parcel", short: "Bluefinch", weight: 35, tracking: () => `BF${rng.digits(10)}` },
  { name: "Northway Express", short: "Northway", weight: 25, tracking: () => `NWX${rng.digits(9)}` },
  { name: "Corvid Courier", short: "Corvid", weight: 15, tracking: () => `CC${rng.digits(12)}` },
  { name: "Lanterna Post", short: "Lanterna", weight: 25, tracking: () => `LP${rng.digits(9)}${rng.pick(["GB", "DE", "NL", "FR", "ES"])}` },
];
const STORES = ["Shelfcart", "Shelfcart", "Shelfcart", "Marketlane", "Craftbazaar", "StoreSprout"];
const CITIES = ["Leeds", "Rotterdam", "Lyon", "Denver", "Valencia", "Leipzig", "Manchester", "Porto", "Toronto", "Glasgow", "Bristol", "Austin", "Gdańsk", "Cork"];
const DESTINATIONS = ["Canada", "the UK", "Switzerland", "Australia", "the US", "Japan", "Germany", "France", "Ireland", "New Zealand", "Singapore", "Mexico"];
const EU_COUNTRIES = ["Germany", "France", "Spain", "the Netherlands", "Italy", "Ireland", "Belgium", "Austria", "Poland", "Portugal"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ORDINAL = (n) => `${n}${[11, 12, 13].includes(n % 100) ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

function money(currency, min, max) {
  const value = rng.chance(0.6) ? rng.int(min, max) : rng.int(min * 100, max * 100) / 100;
  const text = Number.isInteger(value) ? (rng.chance(0.5) ? `${value}` : `${value}.00`) : value.toFixed(2);
  return currency === "€" && rng.chance(0.4) ? `${text.replace(".", ",")} €` : `${currency}${text}`;
}

function makeCtx(customer, createdAt, agent) {
  const carrier = rng.weighted(CARRIERS.map((c) => [c.weight, c]));
  const other = rng.pick(CARRIERS.filter((c) => c !== carrier));
  const plan = customer.brand === ENTERPRISE_BRAND ? "Enterprise" : rng.weighted([[4, "Growth"], [3, "Pro"], [2, "Starter"]]);
  const otherPlan = rng.pick(["Starter", "Growth", "Pro"].filter((p) => p !== plan));
  const n = rng.int(2, 9);
  const orderFormat = () => rng.weighted([
    [10, `#${rng.int(1001, 48999)}`], [4, `SC-${rng.digits(5)}`], [3, `${rng.int(10000, 99999)}`], [2, `CB${rng.digits(9)}`], [1, `SP-${rng.int(1000, 9999)}`],
  ]);
  const weekdayOffset = rng.int(1, 4);
  return {
    first: customer.first,
    last: customer.last,
    name: customer.name,
    shop: customer.shop,
    shopDomain: customer.shopDomain,
    carrier: rng.chance(0.55) ? carrier.name : carrier.short,
    otherCarrier: rng.chance(0.5) ? other.name : other.short,
    tracking: carrier.tracking(),
    order: orderFormat(),
    order2: orderFormat(),
    mlOrder: `${rng.digits(3)}-${rng.digits(7)}-${rng.digits(7)}`,
    mlOrder2: `${rng.digits(3)}-${rng.digits(7)}-${rng.digits(7)}`,
    store: rng.pick(STORES),
    city: rng.pick(CITIES),
    country: rng.pick(DESTINATIONS),
    euCountry: rng.pick(EU_COUNTRIES),
    plan,
    otherPlan,
    amount: money(customer.currency, 9, 480),
    many: rng.pick([40, 60, 80, 120, 150, 200, 250, 300, 400, 600]),
    n,
    n2: rng.int(1, n - 1),
    days: rng.int(3, 9),
    weekday: WEEKDAYS[new Date(createdAt - weekdayOffset * DAY).getUTCDay()],
    dayOfMonth: ORDINAL(rng.int(1, 28)),
    invoice: `INV-2026-${rng.digits(5)}`,
    hour: rng.pick(["3pm", "4pm", "4:30", "5pm", "15:00", "16:30"]),
    first2: rng.pick(rng.pick(NAME_GROUPS).first),
    altEmailPlain: pii.altEmail(rng, customer.first, customer.last),
    foreignCity: rng.pick(["Frankfurt", "Dallas", "Singapore", "Amsterdam", "Montreal", "Warsaw", "Sydney", "a country I've never even been to"]),
    agent,
  };
}

// ---------------------------------------------------------------------------------------------
// Customer-side framing
// ---------------------------------------------------------------------------------------------

const OPENERS = [[6, "Hi,"], [4, "Hello,"], [3, "Hi there,"], [2, "Hey,"], [2, "Hi Packmoth team,"], [2, "Good morning,"], [1, "Good afternoon,"], [2, "Dear Support,"], [1, "Hello support team,"], [1, "Hiya,"], [1, "Hi guys,"], [6, ""]];
const CLOSERS = [[5, "Thanks"], [4, "Thanks,\n{first}"], [3, "Thank you!"], [2, "Cheers,\n{first}"], [3, "Regards,\n{name}"], [2, "Best,\n{first}\n{shop}"], [2, "Thanks in advance"], [1, "Many thanks,\n{name}\n{shop}"], [1, "Sent from my phone"], [1, "Kind regards,\n{name}"], [5, ""]];
const CONTEXT_SENTENCES = [
  "I run {shop} and we ship around {many} parcels a month.",
  "We're a small team ({n} people) so I do the shipping myself.",
  "I'm fairly new to Packmoth, so sorry if this is obvious.",
  "This is quite urgent, our collection is at {hour}.",
  "We've been using Packmoth [for two years|since the spring|for a few months|since we opened] and this never happened before.",
  "I looked through the help centre but couldn't find an answer.",
  "Writing on behalf of {first2}, who normally does our shipping.",
  "Sorry if this has been asked before.",
  "Quick question:",
];
const URGENT_TAGS = new Set(["labels", "printing", "carriers", "batch", "postage", "payment", "failed payment", "label error", "integrations", "tracking"]);
const PEAK_SENTENCES = ["Black Friday orders are starting to come in, so this is a terrible time!", "We're in our busiest weeks before the holidays.", "Peak season is starting and we can't afford delays."];
const GENERIC_SUBJECTS = ["Help", "Question", "Urgent", "Problem", "Quick question", "Support request", "(no subject)", "Issue with my account"];

const PII_SENTENCES = {
  email: ["You can also reach me at {x}.", "Please reply to {x}, I don't check this inbox often.", "My colleague {x} should be copied on this.", "The customer's email is {x} if that helps.", "Send any documents to {x} please."],
  phone: ["My number is {x} if it's easier to call.", "Call me on {x}.", "Mobile: {x}", "You can reach our warehouse on {x}.", "The customer's phone number is {x}.", "Tel. {x}"],
  card: ["The card on the account is {x}, exp {exp}.", "In case you need it, the card we pay with is {x}.", "I already added the new card {x} but it still fails.", "it's the visa {x}", "Card number {x}, expiry {exp}, if that helps you find us."],
  iban: ["The direct debit comes from {x}.", "For reference, our bank account is {x} ({name}).", "bank details: {x}", "IBAN {x}, account holder {name}"],
  cardRefund: ["The charge was on my card {x}.", "I paid with {x} - please refund to that card.", "Card used: {x}, exp {exp}.", "Refund it to {x} please."],
  ibanRefund: ["Please refund to our account: {x}", "Our IBAN for the refund is {x} ({name}).", "Send the money back to {x}, account holder {name}."],
  address: ["The parcel was going to {x}.", "Our warehouse is at {x}.", "My customer's address is {x}.", "Please send the replacement to {x}.", "Ship-from address: {x}", "We're at {x} now."],
};
const PII_GENERATORS = {
  email: (c) => pii.altEmail(rng, c.first, c.last),
  phone: () => pii.phone(rng),
  card: () => pii.card(rng),
  iban: () => pii.iban(rng),
  address: () => pii.address(rng),
};

function piiSentence(kind, customer, refundContext) {
  const value = PII_GENERATORS[kind](customer);
  const exp = `${String(rng.int(1, 12)).padStart(2, "0")}/${rng.int(27, 31)}`;
  const pool = refundContext && PII_SENTENCES[`${kind}Refund`] ? PII_SENTENCES[`${kind}Refund`] : PII_SENTENCES[kind];
  return fill(rng.pick(pool).replace("{x}", value), { name: customer.name, exp });
}

function frameCustomerText(core, { channel, customer, ctx, locale }) {
  if (locale && locale !== "en") {
    const f = LOCALE_FRAMES[locale];
    const opener = fill(rng.pick(f.openers), ctx);
    const closer = fill(rng.pick(f.closers), ctx);
    return [opener, core, closer].filter(Boolean).join("\n\n");
  }
  if (channel === "chat") {
    const hello = rng.weighted([[5, ""], [2, "hi"], [1, "hello"], [1, "hey there"]]);
    return [hello, core].filter(Boolean).join(rng.chance(0.5) ? "\n" : " ");
  }
  const opener = fill(rng.weighted(OPENERS), ctx);
  const closer = fill(rng.weighted(CLOSERS), { ...ctx, name: customer.name });
  return [opener, core, closer].filter(Boolean).join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Agent-side framing
// ---------------------------------------------------------------------------------------------

const AGENT_GREETINGS = ["Hi {first},", "Hello {first},", "Hi {first}, thanks for getting in touch.", "Thanks for reaching out, {first}!", "Hey {first},"];
const AGENT_GREETINGS_ANGRY = ["Hi {first},", "Hello {first},", "Dear {first},"];
const AGENT_GREETINGS_FOLLOWUP = ["Thanks, {first}.", "Hi again {first},", "Hi {first}, thanks for the details.", "Thanks for checking, {first}."];
const AGENT_LINK_LINES = ["Here's the full guide: {url}", "Step by step: {url}", "More details in this article: {url}", "This article walks through it: {url}", "For reference: {url}"];
const AGENT_CLOSINGS = ["Let me know if anything is unclear.", "Hope that helps!", "Just reply here if you get stuck.", "", "", "Happy shipping!", "Let me know how you get on."];
const AGENT_CLOSINGS_ANGRY = ["Again, sorry for the trouble.", "I'll keep an eye on your account over the next few days.", "If anything else goes wrong, reply here and it comes straight to me."];
const AGENT_SIGNOFFS = ["Best,\n{agent}\nPackmoth Support", "Cheers,\n{agent}", "Kind regards,\n{agent} | Packmoth Support", "— {agent}", "Thanks,\n{agent}"];
// Clarifying questions agents ask when a topic has none of its own, each with answers that fit it.
const CLARIFY_SHOP = { ask: "Just to make sure I'm looking at the right account: is this about {shop}?", answers: ["Yes, that's us.", "Yes, {shop}.", "Yes. Same account as always."] };
const CLARIFY_RETRY = { ask: "Could you try once more and tell me the exact message you see, if any?", answers: ["Tried again, same thing. No error message, it just doesn't work.", "Same result, screenshot attached.", "Tried again, this time it said \"Something went wrong\"."] };
const CLARIFY_ORDER = { ask: "Could you send me the order number and a screenshot of what you see? Then I can look into it straight away.", answers: ["Sure, it's order {order}. Screenshot attached.", "Order {order}, screenshot attached.", "{order}, and it happened with {order2} too."] };
const CLARIFY_BROWSER = { ask: "Which browser are you using, and roughly when did this start?", answers: ["Chrome on Windows, since {weekday}.", "Safari on a Mac. Started {weekday} morning I think.", "Edge on the warehouse PC, since last week."] };
const ORDER_TAGS = new Set(["labels", "orders", "tracking", "returns", "customs", "insurance", "addresses", "batch", "rates", "automation", "packages", "integrations", "void"]);
const BROWSER_TAGS = new Set(["printing", "batch"]);
const RETRY_TAGS = new Set(["integrations", "carriers", "developers", "printing", "webhooks"]);
const PROBLEM_WORDS = /error|fail|doesn.?t|don.?t|won.?t|isn.?t|aren.?t|not |can.?t|missing|stuck|wrong|broken|never|still|didn.?t|declined|invalid|lost|greyed|expired|stolen|dead|locked|blocked|hacked|suddenly|stopped|problem/i;
function genericClarify(tags) {
  if (tags.has("billing")) return GENERIC_CLARIFY.billing;
  if (tags.has("account") || tags.has("legal")) return GENERIC_CLARIFY.account;
  const pool = [CLARIFY_SHOP];
  const any = (set) => [...tags].some((t) => set.has(t));
  if (any(ORDER_TAGS)) pool.push(CLARIFY_ORDER, CLARIFY_ORDER);
  if (any(BROWSER_TAGS)) pool.push(CLARIFY_BROWSER);
  if (any(RETRY_TAGS)) pool.push(CLARIFY_RETRY);
  return pool;
}
const GENERIC_CLARIFY = {
  billing: [
    { ask: "Could you send me the invoice number or the date and amount of the charge?", answers: ["It's {invoice}.", "The charge was on the {dayOfMonth}, {amount}.", "{invoice}, {amount}."] },
    CLARIFY_SHOP,
  ],
  account: [
    { ask: "Could you tell me which email address the affected user signs in with, and when this started?", answers: ["It's my own login, the address I'm writing from. Since {weekday}.", "My colleague {first2}'s login, since this morning."] },
    CLARIFY_SHOP,
    CLARIFY_RETRY,
  ],
};
const BUMPS = ["Any update on this?", "Hello? Still waiting for an answer.", "Just following up on this.", "Is anyone looking at this?", "Bumping this, still an issue."];
const ANGRY_BUMPS = ["Nobody has answered in {days} days!!", "STILL waiting. This is ridiculous.", "Hello?? Is anyone there?"];
const THANKS = ["Thanks, that worked!", "Perfect, thank you!", "Sorted, cheers.", "ok thx", "That did it. Thanks for the quick help!", "Great, thanks {agent}!", "Brilliant, all good now.", "Got it, thank you."];
const ANGRY_THANKS = ["Fine. This shouldn't have happened in the first place.", "Ok. Thanks I guess.", "Finally. Took long enough."];
const AGENT_GLAD = ["Glad to hear it! Have a great day.", "Great, I'll close this then. Reach out any time.", "Happy to help!"];
const CARD_WARNING = "PS: For your security, please don't send full card or bank account numbers by email; we never need them. I've removed them from our records.";
const UNCOVERED_ACKS = [
  "Thanks for reporting this. We're aware of the problem and are looking into it; I'll update you here as soon as I know more.",
  "Thanks, I've passed this on to the team that owns this area and added your account to the report. I'll get back to you with an update.",
];

function agentMessage(core, { ctx, channel, locale, angry, articleUrl, cardWarning, closing = true, followup = false }) {
  if (locale && locale !== "en") {
    const f = LOCALE_FRAMES[locale];
    return [fill(rng.pick(f.agentGreetings), ctx), core, fill(rng.pick(f.agentSignoffs), ctx)].join("\n\n");
  }
  const parts = [];
  const greetings = followup ? AGENT_GREETINGS_FOLLOWUP : angry ? AGENT_GREETINGS_ANGRY : AGENT_GREETINGS;
  if (channel !== "chat" || rng.chance(0.3)) parts.push(fill(rng.pick(greetings), ctx));
  if (angry && !followup) parts.push(rng.pick(APOLOGIES));
  parts.push(core);
  if (articleUrl && rng.chance(0.5)) parts.push(fill(rng.pick(AGENT_LINK_LINES), { url: articleUrl }));
  if (cardWarning) parts.push(CARD_WARNING);
  if (channel !== "chat") {
    const line = closing ? rng.pick(angry ? AGENT_CLOSINGS_ANGRY : AGENT_CLOSINGS) : "";
    if (line) parts.push(line);
    parts.push(fill(rng.pick(AGENT_SIGNOFFS), ctx));
  }
  return parts.join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Time and status
// ---------------------------------------------------------------------------------------------

const WEEKDAY_WEIGHT = [0.35, 1.35, 1.2, 1.1, 1.05, 1.0, 0.45]; // Sun..Sat

function pickTime(week, { afternoon = false } = {}) {
  const weekStart = START + week * 7 * DAY;
  const day = rng.weighted([0, 1, 2, 3, 4, 5, 6].map((d) => [WEEKDAY_WEIGHT[new Date(weekStart + d * DAY).getUTCDay()], d]));
  const hours = afternoon
    ? [[1, 8], [1, 10], [2, 12], [4, 13], [5, 14], [5, 15], [3, 16], [1, 17], [1, 19]]
    : [[1, 5], [3, 7], [5, 8], [6, 9], [6, 10], [5, 11], [5, 12], [5, 13], [5, 14], [5, 15], [4, 16], [3, 17], [2, 18], [2, 19], [1, 20], [1, 21], [1, 23], [1, 2]];
  const hour = rng.weighted(hours);
  return weekStart + day * DAY + hour * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000;
}

function pickStatus(createdAt, { sticky = false } = {}) {
  const age = (NOW - createdAt) / DAY;
  let table;
  if (age < 1.5) table = [[40, "new"], [28, "open"], [14, "pending"], [18, "solved"]];
  else if (age < 5) table = [[8, "new"], [22, "open"], [25, "pending"], [45, "solved"]];
  else if (age < 10) table = [[8, "open"], [12, "pending"], [55, "solved"], [25, "closed"]];
  else if (age < 20) table = [[2, "open"], [3, "pending"], [30, "solved"], [65, "closed"]];
  else table = [[8, "solved"], [92, "closed"]];
  if (sticky) table = table.map(([w, s]) => [s === "open" || s === "pending" ? w * 2.2 : w, s]);
  return rng.weighted(table);
}

function agentDelay(channel) {
  if (channel === "chat") return rng.int(1, 9) * MINUTE + rng.int(0, 59) * 1000;
  return rng.weighted([
    [20, () => rng.int(10, 60) * MINUTE],
    [45, () => rng.int(60, 360) * MINUTE],
    [25, () => rng.int(6, 24) * HOUR],
    [10, () => rng.int(24, 48) * HOUR],
  ])() + rng.int(0, 59) * 1000;
}
const customerDelay = (channel) => (channel === "chat" ? rng.int(1, 6) * MINUTE : rng.int(15, 20 * 60) * MINUTE) + rng.int(0, 59) * 1000;

// ---------------------------------------------------------------------------------------------
// Ticket assembly
// ---------------------------------------------------------------------------------------------

/** Round-robin over a shuffled list so every template gets used before any repeats. */
const cycles = new Map();
function nextFrom(key, list) {
  let state = cycles.get(key);
  if (!state || state.i >= state.order.length) {
    state = { order: rng.shuffle(list), i: 0 };
    cycles.set(key, state);
  }
  return state.order[state.i++];
}

function buildTicket(plan) {
  const { kind, topic, createdAt } = plan;
  const locale = plan.locale ?? "en";
  const enterprise = plan.enterprise;
  const customer = locale !== "en" ? pickFrom(localePools[locale]) : pickFrom(enterprise ? enterprisePool : customerPool);
  const agent = rng.pick(AGENTS);
  const ctx = makeCtx(customer, createdAt, agent);
  const channel = locale !== "en" ? rng.weighted([[7, "email"], [3, "web"]]) : enterprise ? rng.weighted([[6, "email"], [3, "web"], [1, "chat"]]) : rng.weighted([[50, "email"], [30, "web"], [20, "chat"]]);
  const angry = plan.angry;
  const human = plan.human;

  // ---- customer's first message
  const qIndex = locale !== "en" ? 0 : nextFrom(`${kind}:${topic.key}`, topic.questions.map((_, i) => i));
  const questionTemplate = locale !== "en" ? topic.question : topic.questions[qIndex];
  let core = fill(questionTemplate, ctx);
  const plainQuestion = core;
  if (locale === "en") {
    const sentences = [core];
    if (rng.chance(0.25)) {
      const urgentOk = (topic.tags ?? []).some((t) => URGENT_TAGS.has(t)) && !core.includes(ctx.hour);
      const extra = fill(rng.pick(urgentOk ? CONTEXT_SENTENCES : CONTEXT_SENTENCES.filter((c) => !c.includes("{hour}"))), ctx);
      if (extra.endsWith(":")) sentences.unshift(extra);
      else if (rng.chance(0.5)) sentences.unshift(extra);
      else sentences.push(extra);
    }
    if (createdAt > START + 48 * DAY && rng.chance(0.18)) sentences.push(rng.pick(PEAK_SENTENCES));
    core = sentences.join(channel === "chat" ? " " : rng.chance(0.7) ? " " : "\n\n");
    if (human) core = `${fill(rng.pick(HUMAN_OPENERS), ctx)} ${core}`;
    if (angry) {
      const closers = topic.key === "cancellation" ? ANGRY_CLOSERS.filter((c) => !/cancel|moving to/i.test(c)) : ANGRY_CLOSERS;
      core = shout(`${fill(rng.pick(ANGRY_OPENERS), ctx)} ${core} ${fill(rng.pick(closers), ctx)}`);
    }
    const sloppy = channel === "chat" ? 0.5 : 0.22;
    if (rng.chance(sloppy)) core = addTypos(core, channel === "chat" ? 0.05 : 0.03);
    if (channel === "chat" && !angry && rng.chance(0.35)) core = core.toLowerCase();
  } else if (rng.chance(0.2)) core = addTypos(core, 0.02);

  // ---- personal data inside the text
  const piiKinds = plan.piiKinds ?? topic.pii ?? topic.piiKinds ?? [];
  const piiChance = plan.piiChance ?? (piiKinds.length ? 0.19 : 0.07);
  let piiText = null;
  let piiKind = null;
  if (rng.chance(piiChance)) {
    piiKind = piiKinds.length && rng.chance(0.8) ? rng.pick(piiKinds) : rng.pick(["email", "phone", "phone", "address"]);
    piiText = piiSentence(piiKind, customer, (topic.tags ?? []).some((t) => t === "refund" || t === "cancellation"));
  }
  // Personal data goes into the first message, or (25%) into the customer's next message if there is one.
  const piiInFollowup = Boolean(piiText) && rng.chance(0.25);
  const withPii = (text) => (piiText ? `${text}${channel === "chat" ? " " : "\n\n"}${piiText}` : text);

  // ---- subject
  let subject;
  if (locale !== "en") subject = topic.subject;
  else if (channel === "chat" && rng.chance(0.55)) subject = rng.chance(0.7) ? `Chat with ${customer.first}` : `Conversation with ${customer.name}`;
  else if (rng.chance(0.06)) subject = rng.pick(GENERIC_SUBJECTS);
  else subject = fill(pickSubject(topic, qIndex, plainQuestion), ctx);
  if (angry && locale === "en" && !subject.startsWith("Chat")) {
    if (rng.chance(0.35)) subject = subject.toUpperCase();
    else if (rng.chance(0.6)) subject = rng.pick(ANGRY_SUBJECT_PREFIXES) + subject;
    else subject += rng.pick(["!!!", "!!", " - NOT HAPPY"]);
  }

  // ---- status and conversation
  let status = pickStatus(createdAt, { sticky: plan.sticky });
  const messages = [{ author: "customer", body: "", createdAt: iso(createdAt) }];
  let t = createdAt;
  const push = (author, body, delay) => {
    t += delay;
    if (t >= NOW - 2 * MINUTE) return false;
    messages.push({ author, body, createdAt: iso(t) });
    return true;
  };

  // resolution text and article ids
  const isUncovered = kind === "uncovered";
  let resolution;
  let usedArticles = [];
  if (locale !== "en") {
    resolution = fill(topic.reply, ctx);
    usedArticles = topic.articles;
  } else {
    const candidates = topic.map ? [topic.map[qIndex]].flat().map((i) => topic.replies[i]) : topic.replies;
    const reply = rng.pick(candidates);
    if (typeof reply === "string") resolution = fill(reply, ctx);
    else {
      resolution = fill(reply.text, ctx);
      usedArticles = isUncovered ? [] : reply.articles ?? [topic.articles[0]];
    }
    if (human) {
      const prefixes = enterprise || ctx.plan === "Pro" ? HUMAN_REPLY_PREFIXES.filter((p) => !p.includes("phone support")) : HUMAN_REPLY_PREFIXES;
      resolution = `${fill(rng.pick(prefixes), ctx)} ${resolution}`;
    }
  }
  const articleUrl = usedArticles.length ? HELP_BASE + usedArticles[0].replace(/^kb-/, "") : null;
  const cardWarning = (piiKind === "card" || piiKind === "iban") && rng.chance(0.5);
  const agentOpts = { ctx, channel, locale, angry, articleUrl, cardWarning };
  const tagSet = new Set(topic.tags ?? []);
  // Agents ask follow-up questions about problems, not about plain "how do I" questions.
  const describesProblem = PROBLEM_WORDS.test(plainQuestion);
  const clarifyPool = isUncovered ? topic.clarify ?? [] : !describesProblem ? [] : topic.clarify?.length ? topic.clarify : genericClarify(tagSet);
  const clarify = clarifyPool.length ? rng.pick(clarifyPool) : null;
  const askAgent = () => agentMessage(fill(clarify.ask, ctx), { ...agentOpts, articleUrl: null, cardWarning: false, closing: false });
  const answer = () => fill(rng.pick(clarify.answers), ctx);
  let piiPlaced = !piiText;
  /** Pushes a customer follow-up; the first one that actually gets sent carries the delayed personal data. */
  const pushFollowup = (text, delay) => {
    const carry = piiInFollowup && !piiPlaced;
    const ok = push("customer", carry ? `${text} ${piiText}` : text, delay);
    if (ok && carry) piiPlaced = true;
    return ok;
  };

  if (status === "new") {
    if (rng.chance(0.15)) push("customer", fill(angry ? rng.pick(ANGRY_BUMPS) : rng.pick(BUMPS), ctx), customerDelay(channel));
  } else if (locale !== "en" && (status === "open" || status === "pending")) {
    // Non-English tickets: the agent answered and waits (pending), or the customer chased (open).
    const f = LOCALE_FRAMES[locale];
    const ok = status === "pending"
      ? push("agent", agentMessage(`${resolution} ${f.pendingTail}`, agentOpts), agentDelay(channel))
      : push("customer", rng.pick(f.bumps), customerDelay(channel) + 20 * HOUR);
    if (!ok) status = "new";
  } else if (status === "open") {
    const ok = !clarifyPool.length && !isUncovered
      ? pushFollowup(fill(angry ? rng.pick(ANGRY_BUMPS) : rng.pick(BUMPS), ctx), customerDelay(channel) + 20 * HOUR)
      : isUncovered && (rng.chance(0.5) || !clarifyPool.length)
      ? push("agent", agentMessage(topic.ack ?? rng.pick(UNCOVERED_ACKS), { ...agentOpts, articleUrl: null, cardWarning: false, closing: false }), agentDelay(channel)) &&
        pushFollowup(fill(rng.pick(topic.bumps?.length ? topic.bumps : BUMPS), ctx), customerDelay(channel) + 20 * HOUR)
      : push("agent", askAgent(), agentDelay(channel)) && pushFollowup(answer(), customerDelay(channel));
    if (!ok && messages.length === 1) status = "new";
  } else if (status === "pending") {
    const ok = clarifyPool.length && rng.chance(0.75)
      ? push("agent", askAgent(), agentDelay(channel))
      : push("agent", agentMessage(isUncovered ? topic.ack ?? rng.pick(UNCOVERED_ACKS) : `${resolution} Could you try that and let me know if it works?`, { ...agentOpts, articleUrl: null, closing: false }), agentDelay(channel));
    if (!ok) status = "new";
  } else {
    // solved / closed
    let ok = true;
    if (rng.chance(0.2) && locale === "en" && clarifyPool.length) {
      ok = push("agent", askAgent(), agentDelay(channel)) && pushFollowup(answer(), customerDelay(channel));
    }
    ok = ok && push("agent", agentMessage(resolution, { ...agentOpts, followup: messages.length > 1 }), agentDelay(channel));
    if (!ok) {
      status = messages.length > 1 ? "open" : "new";
      usedArticles = [];
    } else if (rng.chance(0.38)) {
      const thanks = locale !== "en" ? rng.pick(LOCALE_FRAMES[locale].thanks) : fill(rng.pick(angry ? ANGRY_THANKS : THANKS), ctx);
      if (push("customer", thanks, customerDelay(channel)) && rng.chance(0.3) && locale === "en") push("agent", rng.pick(AGENT_GLAD), agentDelay(channel) / 4);
    }
  }
  if (status !== "solved" && status !== "closed") usedArticles = [];
  // If the planned follow-up with personal data never happened, the data stays in the first message.
  const description = frameCustomerText(piiPlaced ? core : withPii(core), { channel, customer, ctx, locale });
  messages[0].body = description;

  // ---- tags
  const tags = [...(topic.tags ?? [])];
  if (isUncovered && status !== "new" && topic.clusterTag) tags.push(topic.clusterTag);
  if (angry && status !== "new") tags.push("escalated");
  if (human && status !== "new") tags.push("human-requested");
  if (enterprise) tags.push("enterprise");
  if (channel === "chat") tags.push("chat");

  return {
    ticket: {
      id: "",
      subject,
      description,
      messages,
      status,
      tags: [...new Set(tags)],
      brand: enterprise ? ENTERPRISE_BRAND : BRAND,
      channel,
      locale,
      createdAt: iso(createdAt),
      customer: { name: customer.name, email: customer.email },
      articleIds: [...new Set(usedArticles)],
    },
    label: {
      kind,
      topic: topic.key ?? `i18n:${topic.articles[0]}`,
      week: Math.floor((createdAt - START) / (7 * DAY)) + 1,
      angry: Boolean(angry),
      human: Boolean(human),
      pii: piiKind,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Plan the data set
// ---------------------------------------------------------------------------------------------

function spread(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; rest > 0; i = (i - 1 + counts.length) % counts.length, rest--) counts[i]++;
  return counts;
}

const CLUSTER_TAGS = {
  "bluefinch-bf503": "bf-503",
  "marketlane-duplicates": "ml-409",
  "feature-bulk-edit": "bulk-edit",
  "norway-voec": "voec",
  "csv-encoding": "encoding",
  "feature-dark-mode": "dark-mode",
};
for (const topic of uncovered) topic.clusterTag = CLUSTER_TAGS[topic.key];

const plans = [];

// routine, article-covered questions
spread(ROUTINE_TOTAL, ROUTINE_WEEK_WEIGHTS).forEach((count, week) => {
  for (let i = 0; i < count; i++) {
    const enterprise = rng.chance(0.1);
    const topic = rng.weighted(routineTopics.map((t) => [t.weight * (enterprise ? t.enterpriseBoost ?? 1 : t.key === "sso" ? 0.05 : 1), t]));
    plans.push({ kind: "routine", topic, week, enterprise, angry: rng.chance(0.07), human: rng.chance(0.035) });
  }
});

// uncovered, recurring topics
for (const topic of uncovered) {
  topic.weekly.forEach((count, week) => {
    for (let i = 0; i < count; i++) {
      plans.push({
        kind: "uncovered", topic, week, enterprise: rng.chance(0.08),
        angry: rng.chance(topic.growing ? 0.11 : 0.05), human: rng.chance(0.02),
        sticky: topic.growing && week >= 6, afternoon: topic.afternoon,
      });
    }
  });
}

// refunds, chargebacks, legal, takeover, cancellations
for (const topic of special) {
  spread(topic.count, SPECIAL_WEEK_WEIGHTS).forEach((count, week) => {
    for (let i = 0; i < count; i++) {
      plans.push({
        kind: "special", topic, week, enterprise: rng.chance(0.07),
        angry: topic.angry || rng.chance(topic.key === "cancellation" ? 0.1 : 0.12), human: rng.chance(0.03),
        piiKinds: topic.piiKinds, piiChance: topic.piiChance, sticky: topic.key === "legal-threat",
      });
    }
  });
}

// non-English tickets
for (const [locale, total] of Object.entries(LOCALE_SHARE)) {
  const templates = i18n.filter((t) => t.locale === locale);
  spread(total, ROUTINE_WEEK_WEIGHTS).forEach((count, week) => {
    for (let i = 0; i < count; i++) {
      const topic = nextFrom(`i18n:${locale}`, templates);
      plans.push({ kind: "i18n", topic, week, locale, enterprise: false, angry: false, human: false, piiKinds: ["phone", "email"], piiChance: 0.08 });
    }
  });
}

for (const plan of plans) plan.createdAt = pickTime(plan.week, { afternoon: plan.afternoon });
plans.sort((a, b) => a.createdAt - b.createdAt);

const built = plans.map(buildTicket);
built.forEach((b, i) => {
  b.ticket.id = `T-${10001 + i}`;
  b.label.id = b.ticket.id;
});

// ---------------------------------------------------------------------------------------------
// Write and summarise
// ---------------------------------------------------------------------------------------------

for (const { ticket } of built) {
  for (const id of ticket.articleIds) if (!articleIds.has(id)) throw new Error(`${ticket.id}: unknown article ${id}`);
}
mkdirSync(dirname(OUT), { recursive: true });
const jsonl = built.map((b) => JSON.stringify(b.ticket)).join("\n") + "\n";
writeFileSync(OUT, jsonl);
if (LABELS) writeFileSync(LABELS, JSON.stringify(built.map((b) => b.label), null, 1) + "\n");

const count = (fn) => built.reduce((acc, b) => {
  const k = fn(b);
  acc[k] = (acc[k] ?? 0) + 1;
  return acc;
}, {});
console.log(`wrote ${built.length} tickets (${(Buffer.byteLength(jsonl) / 1024 / 1024).toFixed(2)} MB) to ${OUT}`);
console.log("kind:", count((b) => b.label.kind));
console.log("status:", count((b) => b.ticket.status));
console.log("locale:", count((b) => b.ticket.locale), "brand:", count((b) => b.ticket.brand), "channel:", count((b) => b.ticket.channel));
console.log("angry:", built.filter((b) => b.label.angry).length, "human requests:", built.filter((b) => b.label.human).length, "with personal data:", built.filter((b) => b.label.pii).length, count((b) => b.label.pii ?? "none"));
for (const topic of uncovered) {
  const weeks = Array(8).fill(0);
  for (const b of built) if (b.label.topic === topic.key) weeks[b.label.week - 1]++;
  console.log(`uncovered ${topic.key.padEnd(22)} total ${String(weeks.reduce((a, c) => a + c, 0)).padStart(3)} weekly ${weeks.join(",")}${topic.growing ? "  (growing)" : ""}`);
}

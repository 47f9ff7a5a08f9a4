import { createHash } from "node:crypto";
import { z } from "zod";
import { DEFAULT_EMBED_BATCH, EMBEDDING_RUNTIMES } from "../adapters/embeddings/worker-pool.js";

/**
 * The only reader of process.env. Every key is described; `.describe()` text is also what the
 * README and .env.example document.
 */
const csv = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

export const roles = ["admin", "agent", "widget", "content"] as const;
export type Role = (typeof roles)[number];
export interface ApiKey {
  /** sha256 of the key: the key itself is not kept in memory longer than start-up. */
  hash: string;
  roles: Role[];
}

function parseApiKeys(value: string | undefined, ctx: z.RefinementCtx): ApiKey[] {
  return csv(value).flatMap((pair, i) => {
    const [key, roleList] = pair.split("=");
    const keyRoles = (roleList ?? "").split("|").filter(Boolean);
    const unknown = keyRoles.filter((role) => !(roles as readonly string[]).includes(role));
    if (!key || key.length < 16 || keyRoles.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `entry ${i + 1} must be key=role1|role2 with a key of at least 16 characters and roles from ${roles.join(", ")}`,
      });
      return [];
    }
    return [{ hash: createHash("sha256").update(key).digest("hex"), roles: keyRoles as Role[] }];
  });
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe("HTTP port (0 picks a free one)"),
  HOST: z.string().min(1).optional().describe("Interface to listen on; defaults to 0.0.0.0, or 127.0.0.1 when no API_KEYS are set"),
  DATA_DIR: z.string().min(1).default("./var").describe("Where the store, indexes and job state live"),
  REDIS_URL: z
    .string()
    .url()
    .refine((u) => u.startsWith("redis://") || u.startsWith("rediss://"), "must start with redis:// or rediss://")
    .optional()
    .describe("Set to run jobs on BullMQ/Redis (scaled mode); unset runs them in-process (embedded mode)"),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:-]{1,50}$/, "letters, digits, _, - and : only")
    .default("hc")
    .describe("Key prefix for queues and channels, so several deployments (or test runs) can share one Redis"),
  API_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => parseApiKeys(value, ctx))
    .describe("Comma-separated key=role1|role2 pairs, roles: admin, agent, widget, content"),
  EMBEDDINGS: z.enum(["local", "openai"]).default("local").describe("local = Universal Sentence Encoder lite shipped with npm; openai = @langchain/openai"),
  OPENAI_API_KEY: z.string().min(1).optional().describe("Key for OpenAI or a compatible server"),
  OPENAI_BASE_URL: z.string().url().optional().describe("Base URL of an OpenAI-compatible server (vLLM, Ollama, llama.cpp)"),
  LLM_MODEL: z.string().min(1).default("gpt-4o-mini").describe("Chat model used for drafting when an LLM is configured"),
  EMBEDDING_MODEL: z.string().min(1).default("text-embedding-3-small").describe("Embedding model when EMBEDDINGS=openai"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("pino log level"),
  EMBED_THREADS: positiveInt(2).describe("Worker threads for the local embedder"),
  EMBED_BATCH: z.coerce.number().int().min(1).max(64).default(DEFAULT_EMBED_BATCH).describe("Texts per embedder call (texts are grouped by length; small calls waste least on padding)"),
  EMBED_RUNTIME: z
    .enum(EMBEDDING_RUNTIMES)
    .default("auto")
    .describe("auto = the local embedder runs on onnxruntime's native kernels when they load and match TF.js at start, else TF.js (wasm); tfjs = always TF.js"),
  QUERY_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000).describe("Recent questions whose vectors are kept in memory (~2 KB each); 0 turns the cache off"),
  HNSW_M: positiveInt(16).describe("HNSW graph degree"),
  HNSW_EF_CONSTRUCTION: positiveInt(200).describe("HNSW build-time candidate list size"),
  HNSW_EF: positiveInt(64).describe("HNSW query-time candidate list size"),
  CHUNK_SIZE: positiveInt(800).describe("Article chunk size in characters"),
  CHUNK_OVERLAP: z.coerce.number().int().min(0).default(100).describe("Overlap between article chunks in characters"),
  REDACTION_RULES: z
    .string()
    .default("email,phone,card,iban,address")
    .transform(csv)
    .pipe(z.array(z.enum(["email", "phone", "card", "iban", "address"])))
    .describe("Personal-data rules to apply, comma-separated"),
  REDACTION_EXTRA_PATTERNS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const patterns = csv(value);
      for (const pattern of patterns) {
        try {
          new RegExp(pattern, "g");
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a valid regular expression: ${pattern}` });
        }
      }
      return patterns;
    })
    .describe("Extra regular expressions (comma-separated) whose matches are replaced by [REDACTED]"),
  ANSWER_TARGET_ERROR: z.coerce
    .number()
    .min(0.001)
    .max(0.5)
    .default(0.04)
    .describe("Instant answers: the wrong-answer rate the confidence threshold is chosen for, on held-out history"),
  ANSWER_MIN_CONFIDENCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Instant answers: a fixed confidence threshold, overriding the one chosen from history"),
  SENSITIVE_TOPICS: z
    .string()
    .default("refund,legal,account_security,cancellation")
    .transform(csv)
    .pipe(z.array(z.enum(["refund", "legal", "account_security", "cancellation"])))
    .describe("Topics that always go to a human (comma-separated; empty for none)"),
  SENSITIVE_TERMS: z.string().optional().transform(csv).describe("Extra words or phrases that always go to a human (comma-separated)"),
  NEGATIVE_SENTIMENT_THRESHOLD: z.coerce
    .number()
    .max(0)
    .default(-0.4)
    .describe("AFINN score per word at or below which a customer counts as upset and gets a human"),
  LLM_TIMEOUT_MS: positiveInt(15_000).describe("Timeout of one LLM call; one retry, then the offline drafter"),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(3000)
    .describe("Requests per minute per API key (or per client address without one) on /v1; 0 turns limiting off"),
  WIDGET_ORIGINS: z
    .string()
    .optional()
    .transform(csv)
    .pipe(z.array(z.string().url()))
    .describe("Web origins allowed to call /v1/answers and /v1/feedback from a browser (CORS), comma-separated"),
  TRUST_PROXY: z
    .string()
    .optional()
    .describe("Express 'trust proxy' setting when behind a reverse proxy (e.g. 1, or loopback), so limits see real client addresses"),
  MAX_BULK_ITEMS: positiveInt(5000).describe("Most items accepted in one bulk request"),
  MAX_BODY_BYTES: positiveInt(20 * 1024 * 1024).describe("Largest request body accepted"),
  INDEX_SAVE_INTERVAL_MS: positiveInt(2000).describe("Shortest time between index saves while changes come in; a slow save (a large index) spaces the next ones out, so saving takes at most ~10 % of the time"),
  INDEX_CATCH_UP_INTERVAL_MS: positiveInt(5000).describe("Scaled mode: how often an API process checks the shared change log for index writes whose announcement it missed (Redis pub/sub does not redeliver); a check with nothing new is one store read"),
  JOB_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(120_000)
    .describe("Scaled mode: how long a worker's hold on a job lasts without renewal; a killed worker's job is retried on another after about this long"),
  GAP_WEBHOOK_URL: z.string().url().optional().describe("Receives gap.created and gap.covered events (POST, JSON); unset sends none"),
  GAP_WEBHOOK_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe("Signs gap webhooks: X-Helpdesk-Signature is sha256=HMAC-SHA256(secret, timestamp + '.' + body)"),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`invalid configuration:\n${lines.join("\n")}`);
  }
}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(lines);
  }
  return parsed.data;
}

/** Whether an LLM is configured for drafting (any OpenAI-compatible endpoint). */
export const llmEnabled = (config: Config): boolean => Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);

import { Agent, request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, http, startTestApi, waitForJob } from "../helpers/test-api.js";
import { seededRandom } from "../../src/shared/random.js";

/**
 * Fuzzing every endpoint the service documents: the operations are read from GET /openapi.json, so a new
 * endpoint is fuzzed without touching this file. Requests are generated from a seeded PRNG (FUZZ_SEED
 * reproduces a run): bodies derived from each operation's own schema with one part broken (wrong types,
 * huge strings, deep nesting, long arrays, control characters, unknown or missing fields), malformed and
 * random-byte bodies, wrong content types and encodings, hostile ids and query strings, odd methods and
 * headers. Every answer must be a 4xx with the contract's error body (or a success); never a 5xx, never
 * a hang, and the service must still work afterwards.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_123);
const REQUEST_TIMEOUT_MS = 10_000;
const CONCURRENCY = 12;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: Json[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: Json;
}
interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: Schema;
  roles?: string[];
}
interface FuzzRequest {
  op: string;
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Seeded, so a failing mutation can be replayed with the same FUZZ_SEED. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
  return { next, int, pick, bytes, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: Schema }> }; description?: string }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      pathParams: (op.parameters ?? []).filter((p) => p.in === "path"),
      queryParams: (op.parameters ?? []).filter((p) => p.in === "query"),
      body: op.requestBody?.content?.["application/json"]?.schema,
      roles: /Roles: ([\w, ]+) \(or admin\)/.exec(op.description ?? "")?.[1]?.split(", "),
    })),
  );
}

/** A valid example of a schema: the starting point that one mutation then breaks. */
function example(schema: Schema, components: Record<string, Schema>, depth = 0): Json {
  if (schema.$ref) return example(components[schema.$ref.replace("#/components/schemas/", "")] ?? {}, components, depth);
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0] ?? schema.allOf?.[0];
  if (variant) return example(variant, components, depth);
  if (schema.enum) return schema.enum[0] ?? null;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, Json> = {};
      if (depth < 6) for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = example(child, components, depth + 1);
      return out;
    }
    case "array":
      return schema.items && depth < 6 ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => example(schema.items!, components, depth + 1)) : [];
    case "integer":
    case "number":
      return schema.minimum ?? Math.min(1, schema.maximum ?? 1);
    case "boolean":
      return true;
    case "string":
      if (schema.format === "date-time") return new Date(Date.now() - 86_400_000).toISOString();
      if (schema.format === "uri" || schema.format === "url") return "https://help.example/a";
      return "fuzz-1".padEnd(schema.minLength ?? 0, "x");
    default:
      return "fuzz";
  }
}

/** Every location in a JSON value, as key paths: where one mutation is applied. */
function locations(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (prefix.length >= 8) return here; // not into the deep nesting an earlier mutation may have planted
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => locations(item, [...prefix, i]))];
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([key, item]) => locations(item, [...prefix, key]))];
  return here;
}

/** A copy of `root` with the value at `at` replaced (or removed, for undefined); only the path is copied. */
function setAt(root: Json, at: Array<string | number>, replacement: Json | undefined): Json {
  if (at.length === 0) return replacement ?? null;
  if (!root || typeof root !== "object") return root;
  const [key, ...rest] = at as [string | number, ...Array<string | number>];
  const copy: Record<string | number, Json> | Json[] = Array.isArray(root) ? [...root] : { ...root };
  const child = rest.length === 0 ? replacement : setAt((copy as Record<string | number, Json>)[key] ?? null, rest, replacement);
  if (child === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else (copy as Record<string | number, Json>)[key] = child;
  return copy;
}

const nested = (depth: number, leaf: Json, asObject: boolean): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
};

/** Values of the wrong type or shape for whatever field they land in. */
function badValue(rng: Rng, maxBody: number): Json | undefined {
  const control = Array.from({ length: rng.int(1, 40) }, () => String.fromCharCode(rng.pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 0x85, 0x2028, 0x202e, 0xfeff]))).join("");
  const choices: Array<() => Json | undefined> = [
    () => rng.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31]),
    () => rng.pick([true, false, null]),
    () => rng.pick(["", " ", "x", "NaN", "Infinity", "-0", "1e999", "null", "true", "{}", "[]"]),
    () => rng.pick<Json>([{}, [], [[]], [null], { "": "" }]),
    () => "A".repeat(rng.int(201, Math.floor(maxBody * 1.5))),
    () => `x${control}y`,
    () => rng.pick(["\ud800", "\udfff\ud800", "😀".repeat(rng.int(1, 500)), "ü".repeat(300), "\u0000", "%00", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "${7*7}", "{{7*7}}"]),
    () => nested(rng.int(20, Math.min(3000, maxBody / 8)), rng.pick([1, "x", null]), rng.chance(0.5)),
    () => Array.from({ length: rng.int(51, Math.min(20_000, maxBody / 2)) }, (_, i) => (rng.chance(0.5) ? i : { id: `i-${i}` })),
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }) as Json,
    () => rng.pick(["2024-13-45T99:99:99Z", "yesterday", "0000-00-00T00:00:00Z", "+275760-09-13T00:00:00.000Z", "2024-02-30T10:00:00Z"]),
    () => undefined, // the field goes missing
  ];
  return rng.pick(choices)();
}

/** Ids and path segments an attacker would try. */
function badSegment(rng: Rng): string {
  return rng.pick([
    "..%2F..%2Fetc%2Fpasswd",
    "..%5C..%5Cwindows",
    "%2e%2e",
    "..",
    "%",
    "%E0%A4%A",
    "%ZZ",
    "%00",
    "a%0Ab",
    "%C3%BC%C3%B1%C3%AD",
    "%F0%9F%98%80",
    "%EF%BF%BF",
    "%ED%A0%80",
    "x".repeat(201),
    "y".repeat(rng.int(2_000, 20_000)),
    "__proto__",
    "constructor",
    "%20",
    "null",
    "-1",
    "CON",
    "a;b=c",
    "a%3Fb%3Dc",
    encodeURIComponent("<img src=x onerror=alert(1)>"),
  ]);
}

const JSON_TYPE = { "content-type": "application/json" };

/** A value of another JSON type than `value`: what "wrong type" means for that field. */
function wrongType(rng: Rng, value: Json): Json {
  if (typeof value === "string") return rng.pick<Json>([7, true, null, [value], { value }]);
  if (typeof value === "number") return rng.pick<Json>([String(value), false, null, [value]]);
  if (typeof value === "boolean") return rng.pick<Json>(["true", 1, null]);
  if (Array.isArray(value)) return rng.pick<Json>([{ 0: value[0] ?? null }, "[]", 0, null]);
  return rng.pick<Json>([[value], "{}", 0, null]);
}

/** The systematic part: every field of every operation's body, once with a value of the wrong type. */
function wrongTypeSweep(rng: Rng, ops: Operation[], components: Record<string, Schema>, headers: Record<string, string>): Array<{ op: Operation; req: FuzzRequest }> {
  return ops.flatMap((op) => {
    if (!op.body) return [];
    const valid = example(op.body, components);
    const path = op.template.replace(/\{(\w+)\}/g, "fuzz-1");
    return locations(valid)
      .filter((at) => at.length > 0)
      .map((at) => {
        const field = at.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] ?? null, valid);
        const body = Buffer.from(JSON.stringify(setAt(valid, at, wrongType(rng, field))));
        return { op, req: { op: `${op.method} ${op.template}`, kind: `wrong type at ${at.join(".")}`, method: op.method, path, headers: { ...JSON_TYPE, ...headers }, body } };
      });
  });
}

function generate(rng: Rng, op: Operation, components: Record<string, Schema>, maxBody: number, keys: Record<string, string>): FuzzRequest {
  const name = `${op.method} ${op.template}`;
  const validPath = op.template.replace(/\{(\w+)\}/g, "fuzz-1");
  let path = validPath;
  let method = op.method;
  let headers: Record<string, string> = {};
  let body: Buffer | undefined;
  let kind: string;
  const validBody: Json | undefined = op.body ? example(op.body, components) : undefined;
  const json = (value: Json) => Buffer.from(JSON.stringify(value));

  const roll = rng.next();
  if (op.body && roll < 0.45) {
    kind = "mutated body";
    let broken: Json = validBody!;
    for (let i = rng.int(1, 2); i > 0; i--) broken = setAt(broken, rng.pick(locations(broken)), badValue(rng, maxBody));
    // Too many items: a list of valid items one past any limit (MAX_BULK_ITEMS, maxItems).
    const lists = locations(validBody!).filter((at) => Array.isArray(at.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] ?? null, validBody!)));
    if (lists.length > 0 && rng.chance(0.2)) {
      const at = rng.pick(lists);
      const item = (at.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] ?? null, validBody!) as Json[])[0] ?? "x";
      broken = setAt(validBody!, at, Array.from({ length: rng.pick([6, 51, 201, 5001]) }, () => item));
    }
    if (rng.chance(0.15)) broken = { ...(typeof broken === "object" && broken && !Array.isArray(broken) ? broken : {}), [`unknown_${rng.int(0, 9)}`]: 1 };
    headers = JSON_TYPE;
    body = json(broken);
  } else if (roll < 0.6) {
    kind = "malformed body";
    const text = JSON.stringify(validBody ?? { a: 1 });
    headers = JSON_TYPE;
    body = rng.pick([
      () => Buffer.from(text.slice(0, rng.int(0, Math.max(0, text.length - 1)))),
      () => Buffer.from(`${text.slice(0, -1)},}`),
      () => Buffer.from(text.replace(/"/g, "'")),
      () => Buffer.from(`\uFEFF${text}`),
      () => Buffer.from(`{"a":NaN,"b":undefined}`),
      () => Buffer.from(`/* c */ ${text}`),
      () => Buffer.from(rng.pick(["null", "42", '"text"', "true", "[]", "{}", "", " "])),
      () => rng.bytes(rng.int(1, Math.min(4096, maxBody))),
      () => Buffer.from("[".repeat(rng.int(100, maxBody)) + "]".repeat(rng.int(0, 100))),
      () => Buffer.from(`{"a":"${"\\u0000".repeat(rng.int(1, 200))}","b":"\\ud800"}`),
      () => Buffer.from(`{"x":"${"a".repeat(maxBody + rng.int(1, 1000))}"}`),
    ])();
  } else if (roll < 0.72) {
    kind = "wrong content type or encoding";
    body = op.body ? json(validBody!) : Buffer.from('{"a":1}');
    headers = rng.pick<Record<string, string>>([
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      { "content-type": "application/xml" },
      { "content-type": "application/vnd.api+json" },
      { "content-type": "application/json; charset=utf-16" },
      { "content-type": "application/json; charset=koi8-r" },
      { "content-type": "application/json;;;" },
      { "content-type": "" },
      { "content-type": "application/json", "content-encoding": rng.pick(["gzip", "deflate", "br", "compress", "zstd", "gzip, gzip"]) },
    ]);
    if (headers["content-encoding"] && rng.chance(0.5)) body = gzipSync(Buffer.alloc(maxBody * 4, " ")); // inflates past the limit
  } else if (roll < 0.84 && (op.pathParams.length > 0 || op.queryParams.length > 0)) {
    kind = "hostile id or query";
    if (op.pathParams.length > 0 && (op.queryParams.length === 0 || rng.chance(0.5))) path = op.template.replace(/\{(\w+)\}/g, () => badSegment(rng));
    else {
      const param = rng.pick(op.queryParams);
      const value = rng.pick([badSegment(rng), "1e400", "-5", "0", "abc", "", "2024-13-45T99:99:99Z"]);
      path = `${validPath}?${rng.pick([`${param.name}=${value}`, `${param.name}=a&${param.name}=b`, `${param.name}[]=x`, `${param.name}[a]=1`, `unknown=${value}`, value])}`;
    }
    if (op.body) {
      headers = JSON_TYPE;
      body = json(validBody!);
    }
  } else if (roll < 0.92) {
    kind = "odd method or header";
    method = rng.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO"]);
    headers = rng.pick<Record<string, string>>([
      {},
      { "x-big": "h".repeat(20_000) },
      { accept: "application/xml" },
      { "x-forwarded-for": "1.2.3.4, <script>" },
      { "content-type": "application/json", "content-length": "0" },
    ]);
    if (method !== "GET" && method !== "HEAD" && rng.chance(0.5)) {
      headers = { ...headers, ...JSON_TYPE };
      delete headers["content-length"];
      body = json(validBody ?? {});
    }
  } else {
    kind = "authorization";
    headers = op.body ? JSON_TYPE : {};
    body = op.body ? json(validBody!) : undefined;
  }

  // Credentials vary independently of the rest: none, broken, or a real key of some role.
  const auth = rng.pick(["none", "none", "broken", ...Object.keys(keys), ...Object.keys(keys)]);
  if (auth === "broken") headers = { ...headers, authorization: rng.pick(["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", `Bearer ${"k".repeat(5000)}`, "Bearer not-a-real-key-0000", "bearer\tx"]) };
  else if (keys[auth]) headers = { ...headers, authorization: `Bearer ${keys[auth]}` };
  return { op: name, kind, method, path, headers: { ...headers, "x-auth": auth }, body };
}

interface Outcome {
  status: number;
  contentType: string;
  text: string;
  error?: string;
}

function send(baseUrl: string, agent: Agent, req: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const { "x-auth": _auth, ...headers } = req.headers;
    const url = new URL(baseUrl);
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.body ? { ...headers, "content-length": String(req.body.length) } : headers, agent });
    const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    outgoing.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString() });
      });
      res.on("error", (error) => resolve({ status: 0, contentType: "", text: "", error: error.message }));
    });
    outgoing.on("error", (error) => {
      clearTimeout(timer);
      resolve({ status: 0, contentType: "", text: "", error: error.message });
    });
    outgoing.end(req.body);
  });
}

const codeForStatus: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  408: "invalid_request",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
  431: "invalid_request",
};

/** What is wrong with one answer, or undefined when it honours the contract. */
function violation(req: FuzzRequest, out: Outcome, keys: Record<string, string>, roles: Record<string, string[]>, op: Operation): string | undefined {
  if (out.error) return out.error.includes("no answer") ? `hang: ${out.error}` : `connection failed: ${out.error}`;
  if (out.status >= 500) return `server error ${out.status}: ${out.text.slice(0, 200)}`;
  if (out.status >= 400 && req.method !== "HEAD") {
    if (!out.contentType.includes("application/json")) return `${out.status} without a JSON body (${out.contentType})`;
    let body: { error?: { code?: unknown; message?: unknown; details?: unknown } };
    try {
      body = JSON.parse(out.text) as typeof body;
    } catch {
      return `${out.status} with a body that is not JSON: ${out.text.slice(0, 100)}`;
    }
    const error = body.error;
    if (!error || typeof error.message !== "string" || error.message.length === 0) return `${out.status} without error.message: ${out.text.slice(0, 200)}`;
    if (error.code !== codeForStatus[out.status]) return `${out.status} with code ${String(error.code)}`;
    if (error.details !== undefined && !(Array.isArray(error.details) && error.details.every((d: { path?: unknown; message?: unknown }) => typeof d.path === "string" && typeof d.message === "string"))) {
      return `malformed details: ${JSON.stringify(error.details).slice(0, 200)}`;
    }
  }
  // Auth is never bypassed by odd input: without a key that has the role, a documented /v1 call never succeeds.
  if (Object.keys(keys).length > 0 && op.roles && req.method === op.method && out.status < 400 && out.status >= 200) {
    const granted = roles[req.headers["x-auth"] ?? "none"] ?? [];
    if (!granted.includes("admin") && !op.roles.some((role) => granted.includes(role))) return `${out.status} for a caller without the role (${req.headers["x-auth"]})`;
  }
  return undefined;
}

const KEYS = { admin: "fuzz-admin-key-0123456789", agent: "fuzz-agent-key-0123456789", widget: "fuzz-widget-key-012345678", content: "fuzz-content-key-01234567" };

const setups: Array<{ name: string; requests: number; env: Record<string, string>; keys: Record<string, string> }> = [
  { name: "auth off, 64 KiB bodies", requests: 2000, env: { MAX_BODY_BYTES: "65536", MAX_BULK_ITEMS: "5", RATE_LIMIT_PER_MINUTE: "0" }, keys: {} as Record<string, string> },
  {
    name: "API keys with roles, 2 KiB bodies",
    requests: 1200,
    env: { MAX_BODY_BYTES: "2048", MAX_BULK_ITEMS: "5", HOST: "127.0.0.1", API_KEYS: Object.entries(KEYS).map(([role, key]) => `${key}=${role}`).join(",") },
    keys: KEYS as Record<string, string>,
  },
];

describe.each(setups)("fuzzing every endpoint ($name)", ({ requests, env, keys }) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let operations: Operation[];
  let components: Record<string, Schema>;
  const admin: Record<string, string> = keys.admin ? { authorization: `Bearer ${keys.admin}` } : {};
  const roles: Record<string, string[]> = Object.fromEntries(Object.keys(keys).map((role) => [role, [role]]));

  beforeAll(async () => {
    api = await startTestApi(env);
    const doc = (await http(api.url, "GET", "/openapi.json")).body;
    // Plus what is served outside the document: the document itself and the static pages.
    const file: Parameter = { name: "file", in: "path", required: true, schema: { type: "string" } };
    operations = [
      ...operationsOf(doc),
      { method: "GET", template: "/openapi.json", pathParams: [], queryParams: [] },
      ...["/widget/{file}", "/gaps/{file}"].map((template) => ({ method: "GET", template, pathParams: [file], queryParams: [] })),
    ];
    components = doc.components?.schemas ?? {};
  });
  afterAll(async () => api?.dispose());

  it(`answers ${requests} random bad requests, and a wrong type in every body field, with the contract's 4xx error body, never a 5xx or a hang`, async () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const rng = prng(SEED + requests);
    const maxBody = Number(env.MAX_BODY_BYTES);
    const random = Array.from({ length: requests }, (_, i) => {
      const op = operations[i % operations.length]!;
      return { op, req: generate(rng, op, components, maxBody, keys) };
    });
    const sweep = wrongTypeSweep(rng, operations, components, { ...admin, "x-auth": keys.admin ? "admin" : "none" });
    expect(sweep.length).toBeGreaterThan(50);
    const generated = [...random, ...sweep];
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const sweepStatuses: number[] = [];
    let next = 0;
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < generated.length) {
          const { op, req } = generated[next++]!;
          const out = await send(api.url, agent, req);
          if (req.kind.startsWith("wrong type")) sweepStatuses.push(out.status);
          statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
          const problem = violation(req, out, keys, roles, op);
          if (problem && failures.length < 25) failures.push(`${problem} <- ${req.kind}: ${req.method} ${req.path.slice(0, 120)} auth=${req.headers["x-auth"]} body=${req.body?.subarray(0, 120).toString("latin1") ?? ""}`);
        }
      }),
    );
    agent.destroy();
    expect(failures, `seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(generated.length);
    // Every wrong-typed field was refused, by validation (400) or, for big lists, by the body limit (413).
    expect(sweepStatuses.filter((status) => status !== 400 && status !== 413)).toEqual([]);
    // The bad requests really were refused, through more than one door.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining(keys.admin ? [400, 401, 403, 404, 413] : [400, 404, 413]));
    expect(Date.now() - startedAt).toBeLessThan(45_000);
  });

  it("is still healthy and does real work afterwards", async () => {
    await api.idle();
    expect((await http(api.url, "GET", "/healthz")).status).toBe(200);
    expect((await http(api.url, "GET", "/readyz")).body).toMatchObject({ ready: true });
    const put = await http(api.url, "PUT", "/v1/articles/after-fuzz", { json: article("after-fuzz", "Export shipments to CSV", "Open Shipments and choose Export to download a CSV file."), headers: admin });
    expect(put.status).toBe(202);
    expect((await waitForJob(api.url, put.body.jobId, admin)).state).toBe("completed");
    const hits = (await http(api.url, "POST", "/v1/search", { json: { query: "download shipments as a spreadsheet" }, headers: admin })).body.hits;
    expect(hits[0].id).toBe("after-fuzz");
  });
});

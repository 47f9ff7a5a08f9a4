import { createHash } from "node:crypto";
import { rateLimit, ipKeyGenerator } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import type { Redis } from "ioredis";
import type { RequestHandler } from "express";
import { AppError } from "../shared/app-error.js";

/**
 * Per-client limits on /v1: a client is its API key (hashed, never the key itself) or, without one,
 * its address. With Redis the counters live there, so the limit holds across API replicas.
 */
export function createRateLimit(perMinute: number, redis?: Redis, prefix = "hc"): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // Redis being away must not take answering down with it: requests pass uncounted meanwhile.
    passOnStoreError: true,
    keyGenerator: (req) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      return bearer ? `key:${createHash("sha256").update(bearer).digest("hex").slice(0, 32)}` : `ip:${ipKeyGenerator(req.ip ?? "unknown")}`;
    },
    handler: (_req, _res, next) => next(new AppError("rate_limited", `too many requests: at most ${perMinute} a minute; retry later`)),
    ...(redis
      ? { store: new RedisStore({ prefix: `${prefix}:rl:`, sendCommand: sendCommandTo(redis) }) }
      : {}),
  });
}

/**
 * rate-limit-redis loads its scripts once, when the app is built, which is before the connection is up;
 * a failed load would switch limiting off for good. While Redis is not ready, SCRIPT LOAD is answered
 * with the script's SHA1 (what Redis replies too): the first EVALSHA then gets NOSCRIPT, and the store
 * loads the script for real.
 */
function sendCommandTo(redis: Redis) {
  return async (command: string, ...args: string[]): Promise<RedisReply> => {
    if (command.toUpperCase() === "SCRIPT" && args[0]?.toUpperCase() === "LOAD" && redis.status !== "ready") {
      return createHash("sha1").update(args[1] ?? "").digest("hex");
    }
    return redis.call(command, ...args) as Promise<RedisReply>;
  };
}

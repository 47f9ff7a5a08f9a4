import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { ApiKey, Role } from "../config/env.js";
import { AppError } from "../shared/app-error.js";

/**
 * Bearer-key auth with roles. Keys are held as sha256 hashes and compared in constant time; with no
 * keys configured auth is off (the service then listens on loopback only, see main/api.ts).
 */
export function createAuth(keys: ApiKey[]) {
  const hashes = keys.map((key) => ({ digest: Buffer.from(key.hash, "hex"), roles: key.roles }));

  const rolesFor = (header: string | undefined): Role[] | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
    if (!match) return undefined;
    const digest = createHash("sha256").update(match[1]!).digest();
    let found: Role[] | undefined;
    // Every key is compared, so timing does not reveal which entry matched.
    for (const key of hashes) if (timingSafeEqual(key.digest, digest)) found = key.roles;
    return found;
  };

  const require = (...allowed: Role[]): RequestHandler =>
    (req, _res, next) => {
      if (hashes.length === 0) return next();
      const granted = rolesFor(req.headers.authorization);
      if (!granted) return next(new AppError("unauthorized", "a valid API key is required (Authorization: Bearer <key>)"));
      if (!granted.some((role) => role === "admin" || allowed.includes(role))) {
        return next(new AppError("forbidden", `this key lacks the role needed here (${allowed.join(" or ")})`));
      }
      next();
    };

  /** For finer checks inside a route: whether the request's key has the role (always, with auth off). */
  const hasRole = async (req: Request, role: Role): Promise<boolean> => {
    if (hashes.length === 0) return true;
    const granted = rolesFor(req.headers.authorization) ?? [];
    return granted.includes("admin") || granted.includes(role);
  };

  return { require, hasRole };
}

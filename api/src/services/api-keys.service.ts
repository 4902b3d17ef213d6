import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKeyInfo, ApiKeyStore } from "../db/api-keys.ts";
import { ROLES, type Principal, type Role } from "../domain/principal.ts";
import { AppError, badInput, ErrorCode, notFound } from "../lib/errors.ts";
import type { RateLimiter } from "../limits/rate-limiter.ts";

/**
 * `dr_<public id>_<secret>`: the public id (6 random bytes, hex) finds the key's row and names it
 * in listings; the secret (32 random bytes, base64url) is what proves it. A random 256-bit secret
 * needs no slow hash: sha256 is enough to make a leaked table useless.
 */
const KEY_PATTERN = /^dr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Failed authentications allowed per client per minute before they are refused outright. */
export const AUTH_FAILURES_PER_MINUTE = 10;
/** lastUsedAt is written at most this often per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const hashSecret = (secret: string): Buffer => createHash("sha256").update(secret).digest();
/** Compared against when the public id is unknown, so both failures cost the same. */
const NO_KEY_HASH = hashSecret("no such key");

export interface NewApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  info: ApiKeyInfo;
}

export interface ApiKeyServiceParts {
  store: ApiKeyStore;
  /** Budget of failed attempts per client (see AUTH_FAILURES_PER_MINUTE). */
  failures: RateLimiter;
  log?: (error: unknown) => void;
}

/** Makes, lists and revokes API keys, and turns an Authorization header into a principal. */
export class ApiKeyService {
  private readonly touched = new Map<number, number>();

  constructor(private readonly parts: ApiKeyServiceParts) {}

  async create(name: string, role: string): Promise<NewApiKey> {
    if (!NAME_PATTERN.test(name)) throw badInput("A key name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    if (!(ROLES as readonly string[]).includes(role)) throw badInput(`A key's role is one of ${ROLES.join(", ")}`);
    const publicId = randomBytes(6).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const info = await this.parts.store.create({ name, role: role as Role, publicId, secretHash: hashSecret(secret) });
    if (!info) throw badInput(`A key named "${name}" exists; revoke it first or choose another name`);
    return { key: `dr_${publicId}_${secret}`, info };
  }

  list(): Promise<ApiKeyInfo[]> {
    return this.parts.store.list();
  }

  async revoke(nameOrPublicId: string): Promise<ApiKeyInfo> {
    const revoked = await this.parts.store.revoke(nameOrPublicId);
    if (!revoked) throw notFound(`A live key named or numbered "${nameOrPublicId}"`);
    return revoked;
  }

  /**
   * The principal an `Authorization: Bearer <key>` header names; null when there is no header.
   * A header that does not hold a live key is UNAUTHENTICATED, or RATE_LIMITED once the client
   * has failed too often this minute. The key never appears in an error or a log.
   */
  async authenticate(authorization: string | undefined, client: string): Promise<Principal | null> {
    if (authorization === undefined || authorization.trim() === "") return null;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const parsed = bearer === undefined ? null : KEY_PATTERN.exec(bearer);
    const stored = parsed ? await this.parts.store.findLive(parsed[1]!) : null;
    const presented = parsed ? hashSecret(parsed[2]!) : NO_KEY_HASH;
    const matches = timingSafeEqual(presented, stored ? Buffer.from(stored.secretHash) : NO_KEY_HASH) && stored !== null;
    if (!matches) {
      const budget = await this.parts.failures.consume(client, 1);
      if (!budget.allowed) {
        throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed authentications: try again in ${budget.retryAfter} s`, { retryAfter: budget.retryAfter });
      }
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        bearer === undefined ? "Send the API key as Authorization: Bearer <key>" : "The API key is not valid: unknown, revoked or mistyped",
      );
    }
    this.noteUse(stored.id);
    return { keyId: stored.id, name: stored.name, role: stored.role };
  }

  private noteUse(id: number): void {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    this.parts.store.touch(id).catch((error: unknown) => this.parts.log?.(error));
  }
}

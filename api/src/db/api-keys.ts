import type { Role } from "../domain/principal.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** A key as listings show it: never its secret or hash. */
export interface ApiKeyInfo {
  id: number;
  name: string;
  role: Role;
  publicId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A live key with what is needed to check a presented secret against it. */
export interface StoredKey extends ApiKeyInfo {
  secretHash: Uint8Array;
}

const INFO = { id: true, name: true, role: true, publicId: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Data access for api_keys. */
export class ApiKeyStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores a new key; null when a live key already has that name. */
  async create(data: { name: string; role: Role; publicId: string; secretHash: Uint8Array }): Promise<ApiKeyInfo | null> {
    try {
      return await this.prisma.apiKey.create({ data: { ...data, secretHash: new Uint8Array(data.secretHash) }, select: INFO });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
      throw error;
    }
  }

  /** The live (not revoked) key with this public id. */
  findLive(publicId: string): Promise<StoredKey | null> {
    return this.prisma.apiKey.findFirst({ where: { publicId, revokedAt: null }, select: { ...INFO, secretHash: true } });
  }

  list(): Promise<ApiKeyInfo[]> {
    return this.prisma.apiKey.findMany({ orderBy: { id: "asc" }, select: INFO });
  }

  /** Revokes the live key with this name or public id; the revoked key, or null when none matched. */
  async revoke(nameOrPublicId: string): Promise<ApiKeyInfo | null> {
    const live = await this.prisma.apiKey.findFirst({ where: { revokedAt: null, OR: [{ name: nameOrPublicId }, { publicId: nameOrPublicId }] }, select: { id: true } });
    if (!live) return null;
    return this.prisma.apiKey.update({ where: { id: live.id }, data: { revokedAt: new Date() }, select: INFO });
  }

  /** Records a use (at most the time of the latest; a lost update here loses nothing). */
  async touch(id: number): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() }, select: { id: true } });
  }
}

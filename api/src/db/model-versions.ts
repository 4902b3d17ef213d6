import type { ModelCard } from "../domain/model-card.ts";
import type { ModelMetrics, ModelOrigin, ModelStatus, ModelVersionRecord } from "../domain/model-version.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

export interface NewModelVersion {
  card: ModelCard;
  onnx: Uint8Array;
  weights?: Uint8Array | null;
  metrics: ModelMetrics;
  origin: ModelOrigin;
}

export interface Activation {
  /** An API key's name, or "bundled". */
  by: string;
  reason: string | null;
  forced: boolean;
}

/** One lock for every activation, on every replica: they happen one at a time. */
const ACTIVATION_LOCK = 72707370;

const LISTED = { version: true, sha256: true, status: true, source: true, card: true, metrics: true, createdAt: true, activatedAt: true } as const;

interface ListedRow {
  version: string;
  sha256: string;
  status: ModelStatus;
  source: string;
  card: unknown;
  metrics: unknown;
  createdAt: Date;
  activatedAt: Date | null;
}

const toRecord = ({ source, card, metrics, ...row }: ListedRow): ModelVersionRecord => ({
  ...row,
  origin: source as ModelOrigin,
  card: card as ModelCard,
  metrics: metrics as ModelMetrics,
});

/** Data access for the model registry (model_versions, model_activations). */
export class ModelVersionStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Adds a version unless its version id is there already; returns whether it was added. */
  async register({ card, onnx, weights, metrics, origin }: NewModelVersion): Promise<boolean> {
    const { count } = await this.prisma.modelVersion.createMany({
      data: [{
        version: card.version,
        sha256: card.sha256,
        onnx: Buffer.from(onnx),
        weights: weights ? Buffer.from(weights) : null,
        card: card as object,
        metrics: metrics as object,
        source: origin,
      }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async get(version: string): Promise<ModelVersionRecord | null> {
    const row = await this.prisma.modelVersion.findUnique({ where: { version }, select: LISTED });
    return row ? toRecord(row) : null;
  }

  async active(): Promise<ModelVersionRecord | null> {
    const row = await this.prisma.modelVersion.findFirst({ where: { status: "ACTIVE" }, select: LISTED });
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  async list(): Promise<ModelVersionRecord[]> {
    return (await this.prisma.modelVersion.findMany({ orderBy: [{ createdAt: "desc" }, { version: "asc" }], select: LISTED })).map(toRecord);
  }

  async onnx(version: string): Promise<Uint8Array | null> {
    return (await this.prisma.modelVersion.findUnique({ where: { version }, select: { onnx: true } }))?.onnx ?? null;
  }

  async weights(version: string): Promise<Uint8Array | null> {
    return (await this.prisma.modelVersion.findUnique({ where: { version }, select: { weights: true } }))?.weights ?? null;
  }

  /**
   * Makes `version` the active one and retires the one before, recording who and why; one
   * transaction, serialised across replicas. `check` runs inside it, on the versions as they are
   * then (the gates), and may throw to refuse. Returns the version replaced (null if none).
   */
  async activate(version: string, activation: Activation, check: (candidate: ModelVersionRecord, active: ModelVersionRecord | null) => void): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ACTIVATION_LOCK})`;
      const candidate = await tx.modelVersion.findUnique({ where: { version }, select: LISTED });
      if (!candidate) throw new Error(`no model version ${version}`);
      const active = await tx.modelVersion.findFirst({ where: { status: "ACTIVE" }, select: LISTED });
      check(toRecord(candidate), active ? toRecord(active) : null);
      if (active?.version === version) return null;
      // Retire first: the index allows one ACTIVE row at any moment, even inside a transaction.
      if (active) await tx.modelVersion.update({ where: { version: active.version }, data: { status: "RETIRED" } });
      await tx.modelVersion.update({ where: { version }, data: { status: "ACTIVE", activatedAt: new Date() } });
      await tx.modelActivation.create({ data: { version, previous: active?.version ?? null, activatedBy: activation.by, reason: activation.reason, forced: activation.forced } });
      return active?.version ?? null;
    });
  }

  /** Who activated the active version last (null before any activation). */
  async lastActivation(): Promise<{ version: string; activatedBy: string } | null> {
    return this.prisma.modelActivation.findFirst({ orderBy: { id: "desc" }, select: { version: true, activatedBy: true } });
  }
}

import type { PrismaClient } from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** A stored prediction without its image bytes (lists and responses never need them). */
export interface PredictionRow {
  id: number;
  predictedDigit: number;
  confidence: number;
  probabilities: number[];
  trueLabel: number | null;
  modelVersion: string;
  timestamp: Date;
  labeledAt: Date | null;
}

export interface NewPrediction {
  predictedDigit: number;
  confidence: number;
  probabilities: number[];
  imageData: Uint8Array;
  modelVersion: string;
}

export interface HistoryQuery {
  limit: number;
  /** Return only rows older than this id (keyset paging, newest first). */
  beforeId?: number;
  digit?: number;
  trueLabel?: number;
  labeled?: boolean;
  correct?: boolean;
}

const withoutImage = { imageData: true } as const;

/** Prisma's Bytes field wants a Buffer; images arrive as any Uint8Array (e.g. from a worker). */
const asCreateData = (data: NewPrediction) => ({ ...data, imageData: Buffer.from(data.imageData) });

/** How long a prediction may still be replaced by a later one of the same drawing. */
const REPLACE_WINDOW_MS = 2 * 60_000;

/** Data access for the predictions table; every query here is typed and leaves image bytes out. */
export class PredictionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async create(data: NewPrediction): Promise<PredictionRow> {
    return this.prisma.prediction.create({ data: asCreateData(data), omit: withoutImage });
  }

  /**
   * Stores a prediction in place of an earlier one of the same drawing (made before its last
   * strokes), so that history and stats count each drawing once. Only an unlabeled prediction
   * younger than REPLACE_WINDOW_MS is removed; otherwise this is a plain insert.
   */
  async replace(previousId: number, data: NewPrediction): Promise<{ row: PredictionRow; replaced: boolean }> {
    const [removed, row] = await this.prisma.$transaction([
      this.prisma.prediction.deleteMany({
        where: { id: previousId, trueLabel: null, timestamp: { gte: new Date(Date.now() - REPLACE_WINDOW_MS) } },
      }),
      this.prisma.prediction.create({ data: asCreateData(data), omit: withoutImage }),
    ]);
    return { row, replaced: removed.count === 1 };
  }

  /** Stores a batch atomically: all rows or none. */
  async createMany(items: NewPrediction[]): Promise<PredictionRow[]> {
    const rows = await this.prisma.prediction.createManyAndReturn({
      data: items.map(asCreateData),
      omit: withoutImage,
    });
    return rows.sort((a, b) => a.id - b.id);
  }

  findById(id: number): Promise<PredictionRow | null> {
    return this.prisma.prediction.findUnique({ where: { id }, omit: withoutImage });
  }

  async image(id: number): Promise<Uint8Array | null> {
    const row = await this.prisma.prediction.findUnique({ where: { id }, select: { imageData: true } });
    return row?.imageData ?? null;
  }

  /** Sets (or replaces) the true label; null when the prediction does not exist. */
  async setLabel(id: number, trueLabel: number): Promise<PredictionRow | null> {
    try {
      return await this.prisma.prediction.update({
        where: { id },
        data: { trueLabel, labeledAt: new Date() },
        omit: withoutImage,
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
      throw error;
    }
  }

  history(query: HistoryQuery): Promise<PredictionRow[]> {
    const where: Prisma.PredictionWhereInput = {};
    const and: Prisma.PredictionWhereInput[] = [];
    if (query.beforeId !== undefined) where.id = { lt: query.beforeId };
    if (query.digit !== undefined) where.predictedDigit = query.digit;
    if (query.trueLabel !== undefined) where.trueLabel = query.trueLabel;
    else if (query.labeled !== undefined || query.correct !== undefined) {
      if (query.labeled === false) where.trueLabel = null;
      else where.trueLabel = { not: null };
    }
    const predicted = this.prisma.prediction.fields.predictedDigit;
    if (query.correct === true) and.push({ trueLabel: { equals: predicted } });
    if (query.correct === false) and.push({ NOT: { trueLabel: { equals: predicted } } });
    if (and.length) where.AND = and;
    return this.prisma.prediction.findMany({ where, orderBy: { id: "desc" }, take: query.limit, omit: withoutImage });
  }
}

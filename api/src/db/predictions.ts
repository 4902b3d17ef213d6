import type { PrismaClient } from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { BatchQueue } from "../lib/batch-queue.ts";
import type { SqlSession } from "./sql-session.ts";
import type { ImageFormat, LabelStatus, Verdict } from "../domain/prediction.ts";

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
  verdict: Verdict;
  labelStatus: LabelStatus | null;
  imageFormat: ImageFormat;
}

export interface NewPrediction {
  predictedDigit: number;
  confidence: number;
  probabilities: number[];
  imageData: Uint8Array;
  imageFormat: ImageFormat;
  modelVersion: string;
  /** sha256 of the token that lets the maker replace this prediction; null: nobody may. */
  replaceKey: Uint8Array | null;
  verdict: Verdict;
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

/** What Prisma reads besides a PredictionRow: the image, the replace key and the review's audit. */
const withoutImage = { imageData: true, replaceKey: true, reviewedBy: true, reviewedAt: true, rejectedLabel: true } as const;

/** Prisma's Bytes field wants a Buffer; images arrive as any Uint8Array (e.g. from a worker). */
const asCreateData = (data: NewPrediction) => ({
  ...data,
  imageData: Buffer.from(data.imageData),
  replaceKey: data.replaceKey === null ? null : Buffer.from(data.replaceKey),
});

/*
 * The two writes on predictDigit's path are plain SQL on Prisma's own connections: a Prisma
 * call (and $queryRaw alike) costs a noticeable share of a prediction's main-thread CPU over the
 * driver itself. The columns are aliased to PredictionRow's names, and a test checks that these
 * rows equal what Prisma reads back, on PostgreSQL and on PGlite.
 */
const COLUMNS = "INSERT INTO predictions (predicted_digit, confidence, probabilities, image_data, model_version, replace_key, verdict, image_format)";
/** VALUES for `rows` rows, numbering parameters from `first`. */
const values = (rows: number, first = 1) =>
  "VALUES " + Array.from({ length: rows }, (_, r) => {
    const p = first + r * 8;
    return `($${p}, $${p + 1}, $${p + 2}::real[], $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::"Verdict", $${p + 7}::"ImageFormat")`;
  }).join(", ");
const RETURNING_ROW = `RETURNING id, predicted_digit AS "predictedDigit", confidence, probabilities,
  true_label AS "trueLabel", model_version AS "modelVersion", "timestamp", labeled_at AS "labeledAt", verdict,
  label_status AS "labelStatus", image_format AS "imageFormat"`;
const insertParams = (data: NewPrediction) => [data.predictedDigit, data.confidence, data.probabilities, data.imageData, data.modelVersion, data.replaceKey, data.verdict, data.imageFormat];

/** How long a prediction may still be replaced by a later one of the same drawing, or discarded. */
const REPLACE_WINDOW = "2 minutes";
/** The row its maker may still remove: $1 the id, $2 the sha256 of their token; unlabeled and fresh. */
const OWN_FRESH_ROW = `id = $1 AND replace_key = $2 AND true_label IS NULL AND "timestamp" >= now() - interval '${REPLACE_WINDOW}'`;

/** Data access for the predictions table; every query here is typed and leaves image bytes out. */
export class PredictionStore {
  /**
   * Group commit: predictions that finish while an insert is in flight are stored together by
   * the next one, a single statement and commit. Under load this halves PostgreSQL's CPU per row
   * (one commit, one trigger transaction, one round trip for many rows); a lone one never waits.
   */
  private readonly inserts = new BatchQueue<NewPrediction, PredictionRow>((items) => this.insertRows(items), {
    maxBatch: 64,
    // Images may be up to MAX_IMAGE_BYTES each: keep one statement far below PostgreSQL's 1 GB message.
    budget: { max: 16 * 1024 * 1024, of: (item) => item.imageData.byteLength },
    retrySingly: true,
  });

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlSession,
  ) {}

  create(data: NewPrediction): Promise<PredictionRow> {
    return this.inserts.add(data);
  }

  private async insertRows(items: NewPrediction[]): Promise<PredictionRow[]> {
    const rows = await this.sql.query<PredictionRow>(`${COLUMNS} ${values(items.length)} ${RETURNING_ROW}`, items.flatMap(insertParams));
    // Ids come from the sequence in VALUES order, so sorting by id pairs each row with its item.
    return rows.sort((a, b) => a.id - b.id);
  }

  /**
   * Stores a prediction in place of an earlier one of the same drawing (made before its last
   * strokes), so that history and stats count each drawing once. Only an unlabeled prediction
   * younger than REPLACE_WINDOW whose replace key is `previousKey` (its maker's) is removed;
   * otherwise this is a plain insert. One statement, so both happen or neither.
   */
  async replace(previous: { id: number; key: Uint8Array }, data: NewPrediction): Promise<{ row: PredictionRow; replaced: boolean }> {
    const [result] = await this.sql.query<PredictionRow & { replaced: number }>(
      `WITH removed AS (
         DELETE FROM predictions WHERE ${OWN_FRESH_ROW} RETURNING id)
       ${COLUMNS} ${values(1, 3)} ${RETURNING_ROW}, (SELECT count(*) FROM removed)::int AS replaced`,
      [previous.id, previous.key, ...insertParams(data)],
    );
    const { replaced, ...row } = result!;
    return { row, replaced: replaced === 1 };
  }

  /**
   * Removes a drawing's prediction that its maker abandoned (cleared the canvas): only under the
   * same conditions as replace, so a labeled or older prediction stays. True when it was removed.
   */
  async discard(own: { id: number; key: Uint8Array }): Promise<boolean> {
    const rows = await this.sql.query<{ id: number }>(`DELETE FROM predictions WHERE ${OWN_FRESH_ROW} RETURNING id`, [own.id, own.key]);
    return rows.length === 1;
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

  /**
   * Sets (or replaces) the true label; null when the prediction does not exist. A reviewer's
   * label (their key's name given) is APPROVED at once; anyone else's waits for review.
   */
  async setLabel(id: number, trueLabel: number, reviewer: string | null): Promise<PredictionRow | null> {
    const now = new Date();
    try {
      return await this.prisma.prediction.update({
        where: { id },
        data: {
          trueLabel,
          labeledAt: now,
          labelStatus: reviewer ? "APPROVED" : "PENDING",
          reviewedBy: reviewer,
          reviewedAt: reviewer ? now : null,
          rejectedLabel: null,
        },
        omit: withoutImage,
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
      throw error;
    }
  }

  /** Labels waiting for review, newest first. */
  reviewQueue(limit: number, beforeId: number | undefined): Promise<PredictionRow[]> {
    return this.prisma.prediction.findMany({
      where: { labelStatus: "PENDING", ...(beforeId === undefined ? {} : { id: { lt: beforeId } }) },
      orderBy: { id: "desc" },
      take: limit,
      omit: withoutImage,
    });
  }

  /**
   * Approves or rejects the pending labels among `ids`, in one statement; returns the rows it
   * changed (ids that were not pending are left as they are). A rejected label leaves the
   * prediction (kept in rejected_label), so the statistics stop counting it.
   */
  review(ids: number[], decision: "APPROVED" | "REJECTED", reviewer: string): Promise<PredictionRow[]> {
    const rejected = decision === "REJECTED";
    return this.sql.query<PredictionRow>(
      `UPDATE predictions SET label_status = $2::"LabelStatus", reviewed_by = $3, reviewed_at = now()
         ${rejected ? ", rejected_label = true_label, true_label = NULL, labeled_at = NULL" : ""}
       WHERE id = ANY($1::int[]) AND label_status = 'PENDING' AND true_label IS NOT NULL
       ${RETURNING_ROW}`,
      [ids, decision, reviewer],
    );
  }

  /** Every APPROVED label with its image, oldest first: what a model may learn from. */
  trustedLabels(): Promise<Array<{ id: number; imageData: Uint8Array; trueLabel: number }>> {
    return this.prisma.prediction.findMany({
      where: { labelStatus: "APPROVED", trueLabel: { not: null } },
      orderBy: { id: "asc" },
      select: { id: true, imageData: true, trueLabel: true },
    }) as Promise<Array<{ id: number; imageData: Uint8Array; trueLabel: number }>>;
  }

  /** Labels by review status (PENDING, APPROVED, REJECTED), for reports. */
  async labelCounts(): Promise<Record<string, number>> {
    const groups = await this.prisma.prediction.groupBy({ by: ["labelStatus"], where: { labelStatus: { not: null } }, _count: { _all: true } });
    return Object.fromEntries(groups.map((g) => [g.labelStatus!, g._count._all]));
  }

  /** Deletes one prediction with its image; false when there was none. */
  async delete(id: number): Promise<boolean> {
    const { count } = await this.prisma.prediction.deleteMany({ where: { id } });
    return count === 1;
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

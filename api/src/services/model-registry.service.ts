import type { ModelVersionStore } from "../db/model-versions.ts";
import type { ModelCard } from "../domain/model-card.ts";
import type { ModelMetrics, ModelVersionRecord } from "../domain/model-version.ts";
import type { AppPubSub } from "../events/pubsub.ts";
import { Topic } from "../events/topics.ts";
import type { ModelHost } from "../inference/inference-pool.ts";
import { checkBytes } from "../inference/model-card.ts";
import { AppError, badInput, ErrorCode, notFound } from "../lib/errors.ts";
import { promotionFailures } from "./promotion-gates.ts";

/** How often a replica checks the registry itself, in case it missed an activation notice. */
const POLL_MS = 10_000;
/** Who activates the bundled model, in the activation log. */
const BUNDLED = "bundled";

/** A card's own figures as registry metrics (per cent). */
export function metricsFromCard(card: ModelCard): ModelMetrics {
  const sets: Record<string, number> = {};
  for (const [name, set] of Object.entries(card.evaluation?.sets ?? {})) {
    const value = set.accuracy ?? set.flagged;
    if (name !== "mnist-test" && typeof value === "number") sets[name] = value;
  }
  return { mnistTest: Number((card.testAccuracy * 100).toFixed(2)), ...(Object.keys(sets).length > 0 ? { sets } : {}) };
}

export interface ActivateRequest {
  version: string;
  /** Skip the promotion gates; needs a reason. */
  force: boolean;
  reason: string | null;
  /** The API key's name. */
  by: string;
}

/**
 * The model registry: versions in the database, exactly one active, and every replica serving
 * that one. Activation is a transaction plus a notice on the pub/sub; each replica then loads
 * the version and switches (see inference-pool.ts), and also polls in case a notice was lost.
 */
export class ModelRegistry {
  constructor(private readonly parts: { store: ModelVersionStore; pubSub: Pick<AppPubSub, "publish" | "subscribe">; log: (error: unknown) => void }) {}

  /**
   * Registers the model shipped with the app (once per version) and makes sure a version is
   * active: the shipped one on a first start, or when the active one is an earlier shipped
   * model that nobody activated by hand. Returns the active version's card and bytes.
   */
  async prepare(bundled: { card: ModelCard; onnx: Uint8Array; weights?: Uint8Array | null }): Promise<{ card: ModelCard; onnx: Uint8Array }> {
    const { store } = this.parts;
    await store.register({ card: bundled.card, onnx: bundled.onnx, weights: bundled.weights ?? null, metrics: metricsFromCard(bundled.card), origin: "bundled" });
    const active = await store.active();
    const last = await store.lastActivation();
    const release = active !== null && active.version !== bundled.card.version && active.origin === "bundled" && last?.activatedBy === BUNDLED;
    if (active === null || release) {
      const reason = active === null ? "first start: the model shipped with the app" : "the app shipped a new model";
      await store.activate(bundled.card.version, { by: BUNDLED, reason, forced: false }, () => {});
    }
    const now = (await store.active())!;
    if (now.version === bundled.card.version) return bundled;
    const onnx = await store.onnx(now.version);
    return { card: now.card, onnx: onnx! };
  }

  /** Adds a retrained version as a CANDIDATE (nobody is served by it until it is activated). */
  async register(candidate: { card: ModelCard; onnx: Uint8Array; weights?: Uint8Array | null; metrics: ModelMetrics }): Promise<ModelVersionRecord> {
    checkBytes(candidate.card, candidate.onnx);
    if (!(await this.parts.store.register({ ...candidate, origin: "retrained" }))) throw badInput(`Model version ${candidate.card.version} is registered already`);
    return (await this.parts.store.get(candidate.card.version))!;
  }

  list(): Promise<ModelVersionRecord[]> {
    return this.parts.store.list();
  }

  /**
   * Makes a version the active one on every replica, if it passes the promotion gates against
   * the version active now (or `force`, with a reason, which is recorded). Activating an older
   * version is how a rollback is done.
   */
  async activate({ version, force, reason, by }: ActivateRequest): Promise<ModelVersionRecord> {
    const why = reason?.trim() || null;
    if (force && !why) throw badInput("A forced activation needs a reason");
    if (why && why.length > 500) throw badInput("A reason is at most 500 characters");
    if (!(await this.parts.store.get(version))) throw notFound(`Model version ${version}`);
    await this.parts.store.activate(version, { by, reason: why, forced: force }, (candidate, active) => {
      if (force || active?.version === candidate.version) return;
      const failures = promotionFailures(candidate.metrics, active);
      if (failures.length > 0) {
        throw new AppError(ErrorCode.PROMOTION_REFUSED, `Version ${version} does not pass the promotion gates: ${failures.join("; ")}`, { failures });
      }
    });
    const record = (await this.parts.store.get(version))!;
    this.parts.pubSub.publish(Topic.ModelActivated, record);
    return record;
  }

  /** Keeps `host` serving the active version: on every activation notice, and every POLL_MS. */
  follow(host: ModelHost): { stop(): void } {
    let syncing: Promise<void> = Promise.resolve();
    const sync = () => {
      syncing = syncing.then(async () => {
        const active = await this.parts.store.active();
        if (!active || active.version === host.current().version) return;
        const onnx = await this.parts.store.onnx(active.version);
        if (onnx) await host.serve(active.card, onnx);
      }).catch(this.parts.log);
      return syncing;
    };
    const timer = setInterval(() => void sync(), POLL_MS);
    timer.unref();
    const notices = this.parts.pubSub.subscribe(Topic.ModelActivated);
    void (async () => {
      for await (const _ of notices) await sync();
    })().catch(this.parts.log);
    return {
      stop() {
        clearInterval(timer);
        void notices.return?.();
      },
    };
  }
}

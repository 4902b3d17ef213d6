import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { PredictionStore } from "./db/predictions.ts";
import { createMemoryPubSub } from "./events/pubsub.ts";
import { Classifier } from "./inference/classifier.ts";
import { inlinePreparer } from "./inference/recognizer.ts";
import type { Services } from "./schema/context.ts";

/** Opens the database (migrating it), loads the model and wires the parts together. */
export async function createServices(config: Config): Promise<Services & { close(): Promise<void> }> {
  const [db, classifier] = await Promise.all([
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    Classifier.load(config.modelDir, { maxBatch: config.maxBatch }),
  ]);
  const pubSub = createMemoryPubSub();
  const preparer = inlinePreparer(config);
  return {
    config,
    db,
    store: new PredictionStore(db.prisma),
    classifier,
    preparer,
    pubSub,
    async close() {
      await preparer.close();
      await pubSub.close();
      await classifier.close();
      await db.close();
    },
  };
}

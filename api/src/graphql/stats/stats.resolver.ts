import { Arg, Ctx, Query, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import { badInput } from "../../lib/errors.ts";
import { loadModelStats, loadStats, type StatsSummary } from "../../services/stats.service.ts";
import type { Context } from "../context.ts";
import { RateLimit } from "../rate-limit.middleware.ts";
import { Stats } from "./stats.type.ts";

@Resolver(() => Stats)
export class StatsResolver {
  @Query(() => Stats, { description: "Accuracy, per-digit precision/recall, confusion matrix and calibration" })
  @UseMiddleware(RateLimit())
  async stats(
    @Arg("since", () => Date, { nullable: true, description: "Only predictions made at or after the start of this time's hour (UTC): stats are kept per hour" }) since: Date | undefined,
    @Arg("until", () => Date, { nullable: true, description: "Only predictions made before the end of this time's hour (UTC); with since, a span" }) until: Date | undefined,
    @Arg("modelVersion", () => String, {
      nullable: true,
      description: "Only the predictions this model version made (all time; not with since or until), to compare versions on people's drawings",
    })
    modelVersion: string | null | undefined,
    @Ctx() { services }: Context,
  ): Promise<Stats> {
    if (modelVersion !== undefined && modelVersion !== null) {
      if (since || until) throw badInput("stats per model version are all-time: give modelVersion or since/until, not both");
      if (modelVersion.length > 64) throw badInput("A model version is at most 64 characters");
      return loadModelStats(services.db.prisma, modelVersion);
    }
    if (since && until && until.getTime() <= since.getTime()) throw badInput("until must be later than since");
    return loadStats(services.db.prisma, { since: since ?? undefined, until: until ?? undefined });
  }

  @Subscription(() => Stats, {
    subscribe: ({ context }: { context: Context }) => context.services.statsFeed.watch(),
    description:
      "The all-time statistics, at once and then after predictions are made, labeled or removed (changes within a quarter second come as one update)",
  })
  statsChanged(@Root() stats: StatsSummary): Stats {
    return stats;
  }
}

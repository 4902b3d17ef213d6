import { Arg, Ctx, FieldResolver, Query, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import type { StatsSpan } from "../../db/stats.ts";
import { badInput } from "../../lib/errors.ts";
import { loadDailyStats, loadModelStats, loadStats, type DayStats, type StatsSummary } from "../../services/stats.service.ts";
import type { Context } from "../context.ts";
import { RateLimit } from "../rate-limit.middleware.ts";
import { Stats } from "./stats.type.ts";

/** A stats query's answer: `daily` costs a query of its own, made only when the field is asked for. */
type StatsAnswer = StatsSummary & { dailySpan?: StatsSpan };

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
    const span = { since: since ?? undefined, until: until ?? undefined };
    const answer: StatsAnswer = { ...(await loadStats(services.db.prisma, span, { days: false })), dailySpan: span };
    return answer;
  }

  // Pushed statistics carry their days (computed once for all viewers); a query loads them here.
  @FieldResolver()
  daily(@Root() stats: StatsAnswer, @Ctx() { services }: Context): DayStats[] | Promise<DayStats[]> {
    return stats.dailySpan ? loadDailyStats(services.db.prisma, stats.dailySpan) : stats.daily;
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

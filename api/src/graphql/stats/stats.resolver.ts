import { Arg, Ctx, Query, Resolver, UseMiddleware } from "type-graphql";
import { loadStats } from "../../services/stats.service.ts";
import type { Context } from "../context.ts";
import { RateLimit } from "../rate-limit.middleware.ts";
import { Stats } from "./stats.type.ts";

@Resolver(() => Stats)
export class StatsResolver {
  @Query(() => Stats, { description: "Accuracy, per-digit precision/recall, confusion matrix and calibration" })
  @UseMiddleware(RateLimit())
  async stats(
    @Arg("since", () => Date, { nullable: true, description: "Only predictions made at or after the start of this time's hour (UTC): stats are kept per hour" }) since: Date | undefined,
    @Ctx() { services }: Context,
  ): Promise<Stats> {
    return loadStats(services.db.prisma, since ?? undefined);
  }
}

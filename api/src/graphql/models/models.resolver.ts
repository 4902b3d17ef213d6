import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import type { ModelVersionRecord } from "../../domain/model-version.ts";
import { Topic } from "../../events/topics.ts";
import type { Context } from "../context.ts";
import { RateLimit } from "../rate-limit.middleware.ts";
import { ModelVersion, toModelVersion } from "./model-version.type.ts";

/** The model registry: versions, their figures, and which one every API process serves. */
@Resolver()
export class ModelsResolver {
  @Query(() => [ModelVersion], { description: "Every model version in the registry, newest first, with its figures and status" })
  @UseMiddleware(RateLimit())
  async models(@Ctx() { services }: Context): Promise<ModelVersion[]> {
    return (await services.registry.list()).map(toModelVersion);
  }

  @Authorized("ADMIN")
  @Mutation(() => ModelVersion, {
    description:
      "Serve this version from every API process within seconds (needs an ADMIN key). It must pass the promotion gates against the active version (at most 0.1 pt lower on MNIST test and each evaluation set, not worse on held-out corrections) unless forced, with a reason. Activating an older version rolls back",
  })
  @UseMiddleware(RateLimit())
  async activateModel(
    @Arg("version", () => String, { description: "The version to serve (see models)" }) version: string,
    @Arg("force", () => Boolean, { defaultValue: false, description: "Skip the promotion gates (recorded, with the reason)" }) force: boolean,
    @Arg("reason", () => String, { nullable: true, description: "Why; required when forcing" }) reason: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<ModelVersion> {
    const principal = await context.principal();
    return toModelVersion(await context.services.registry.activate({ version, force, reason: reason ?? null, by: principal!.name }));
  }

  @Subscription(() => ModelVersion, { topics: Topic.ModelActivated, description: "A model version was made active (each API process switches to it within seconds)" })
  modelActivated(@Root() record: ModelVersionRecord): ModelVersion {
    return toModelVersion(record);
  }
}

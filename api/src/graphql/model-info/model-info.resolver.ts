import { Ctx, Query, Resolver } from "type-graphql";
import { inputShape } from "../../inference/model-card.ts";
import type { Context } from "../context.ts";
import { ModelInfo } from "./model-info.type.ts";

@Resolver(() => ModelInfo)
export class ModelInfoResolver {
  @Query(() => ModelInfo, { description: "The model behind the predictions" })
  modelInfo(@Ctx() { services }: Context): ModelInfo {
    const card = services.models.current().card;
    return {
      name: card.name,
      version: card.version,
      sha256: card.sha256,
      architecture: card.architecture,
      parameters: card.parameters,
      trainingData: card.data,
      testAccuracy: card.testAccuracy,
      calibration: { temperature: card.calibration?.temperature ?? 1, validationCalibrationError: card.calibration?.validationEce ?? null },
      input: {
        name: card.input.name,
        shape: inputShape(card),
        mean: card.input.normalization.mean,
        std: card.input.normalization.std,
        preprocessing: card.input.preprocessing,
      },
    };
  }
}

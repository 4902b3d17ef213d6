import { createUnionType, Field, Int, ObjectType } from "type-graphql";
import { ErrorCodeEnum } from "../error-code.enum.ts";
import type { ImageRejectionCode } from "../../inference/image-rejected.ts";
import { Prediction } from "./prediction.type.ts";

@ObjectType({ description: "An image of a batch that was refused; the batch's other images were still read and stored" })
export class ImageRejected {
  @Field(() => Int, { description: "Its position in the images argument, from 0" })
  index!: number;

  @Field(() => ErrorCodeEnum, { description: "Why: INVALID_IMAGE, EMPTY_CANVAS or IMAGE_TOO_LARGE" })
  code!: ImageRejectionCode;

  @Field(() => String, { description: "The reason in words" })
  message!: string;
}

/** One image's outcome: its stored prediction, or why it was refused. */
export const PredictDigitResult = createUnionType({
  name: "PredictDigitResult",
  description: "What became of one image of predictDigitsEach: a stored Prediction, or ImageRejected",
  types: () => [Prediction, ImageRejected] as const,
  resolveType: (value) => ("code" in value ? ImageRejected : Prediction),
});

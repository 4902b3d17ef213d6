import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { LabelStatus, PredictionRecord, Verdict } from "../../domain/prediction.ts";
import { LabelStatusEnum } from "./label-status.enum.ts";
import { VerdictEnum } from "./verdict.enum.ts";

@ObjectType({ description: "One digit the model read from a drawing" })
export class Prediction implements PredictionRecord {
  @Field(() => ID, { description: "The prediction's id, for submitFeedback, prediction(id) and image downloads" })
  id!: string;

  @Field(() => Int, { description: "The digit the model predicts, 0-9" })
  digit!: number;

  @Field(() => Float, { description: "Probability of the predicted digit, a fraction 0..1" })
  confidence!: number;

  @Field(() => [Float], { description: "Ten probabilities, index = digit; they sum to 1" })
  probabilities!: number[];

  @Field(() => Int, { nullable: true, description: "What the digit really was, once someone said so" })
  trueLabel!: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the prediction was right; null until labeled" })
  correct!: boolean | null;

  @Field(() => Date, { description: "When the drawing was read" })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the true label was last given" })
  labeledAt!: Date | null;

  @Field(() => String, {
    description: "Absolute URL of the image as it was received: .png or .jpg by its format, under the server's PUBLIC_URL (http://localhost:<port> unless set)",
  })
  imageUrl!: string;

  @Field(() => String, {
    description:
      "Absolute URL of the 28x28 grayscale PNG the model actually read (ink white on black, as in MNIST), computed from the image by the same preprocessing",
  })
  modelInputUrl!: string;

  @Field(() => String, { description: "Version (sha256 prefix) of the model that made the prediction" })
  modelVersion!: string;

  @Field(() => VerdictEnum, {
    description:
      "How sure the reading is: CONFIDENT; UNSURE (in doubt between the two most probable digits); NOT_A_DIGIT (too little ink, a filled area, several separate parts, or nothing the model recognises). Not-a-digit readings stay in history and can be labeled; stats count them apart",
  })
  verdict!: Verdict;

  @Field(() => LabelStatusEnum, { nullable: true, description: "Where the label stands in review; null when never labeled" })
  labelStatus!: LabelStatus | null;

  @Field(() => String, {
    nullable: true,
    description: "Only in predictDigit's own answer (null elsewhere): pass it as replaceToken, with replaces set to this id, to replace this prediction by a later one of the same drawing",
    deprecationReason: "Use predictDrawing: its payload carries the token beside the prediction",
  })
  replaceToken?: string | null;
}

@ObjectType({ description: "A stored prediction and what only its maker receives" })
export class PredictDrawingPayload {
  @Field(() => Prediction, { description: "The prediction, as everyone else sees it" })
  prediction!: Prediction;

  @Field(() => String, {
    description:
      "Proof that you made it: pass it as replaceToken (with replaces set to the prediction's id) to replace it by a later prediction of the same drawing, or to discardPrediction to take it back",
  })
  replaceToken!: string;
}

import { Max, Min, ValidateNested, validateSync } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { badInput } from "../../lib/errors.ts";

@InputType({ description: "Narrows the history; all given conditions must hold" })
export class HistoryFilter {
  @Field(() => Int, { nullable: true, description: "Only predictions of this digit" })
  @Min(0)
  @Max(9)
  digit?: number;

  @Field(() => Int, { nullable: true, description: "Only predictions whose true label is this digit" })
  @Min(0)
  @Max(9)
  trueLabel?: number;

  @Field(() => Boolean, { nullable: true, description: "true: only labeled; false: only unlabeled" })
  labeled?: boolean;

  @Field(() => Boolean, { nullable: true, description: "true: only right predictions; false: only wrong ones (both imply labeled)" })
  correct?: boolean;
}

export const IMAGE_DESCRIPTION = "A PNG (or JPEG) as a data URL (data:image/png;base64,...) or bare base64, at least 8x8 px";

/** One drawing to read, and the same drawing's earlier prediction it replaces (predictDigit, predictDrawing). */
@ArgsType()
export class PredictArgs {
  @Field(() => String, { description: IMAGE_DESCRIPTION })
  image!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "Id of this drawing's previous prediction (before its last strokes). It is removed when still unlabeled and under 2 minutes old, so each drawing counts once. Needs replaceToken",
  })
  replaces?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The replaceToken from the answer that gave the replaces id: only the maker of a prediction may replace it",
  })
  replaceToken?: string | null;
}

/** Cursor paging arguments, shared by every list of predictions. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: "Page size, 1-100" })
  @Min(1)
  @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: "endCursor of the previous page" })
  after?: string | null;
}

@ArgsType()
export class HistoryArgs extends PageArgs {
  @Field(() => HistoryFilter, { nullable: true, description: "Only predictions that meet every condition given" })
  // Nested input objects are checked only when asked to.
  @ValidateNested()
  filter?: HistoryFilter;
}

@ArgsType()
export class SubmitFeedbackArgs {
  @Field(() => ID, { description: "The prediction to label" })
  predictionId!: string;

  @Field(() => Int, { description: "What the digit really was, 0-9" })
  @Min(0, { message: "trueLabel must be a digit from 0 to 9" })
  @Max(9, { message: "trueLabel must be a digit from 0 to 9" })
  trueLabel!: number;
}

@ArgsType()
export class PredictionEventArgs {
  @Field(() => Int, { nullable: true, description: "Only events for predictions of this digit" })
  @Min(0)
  @Max(9)
  digit?: number;
}

/**
 * type-graphql checks a subscription's arguments only as each event is resolved, and an event
 * for digit 42 never comes: run the same class-validator rules (the decorators above) when the
 * subscription starts, where a refusal reaches the subscriber.
 */
export function checkEventArgs(args: { digit?: number | null }): void {
  // No digit means every digit: an absent optional argument is not checked.
  const errors = validateSync(Object.assign(new PredictionEventArgs(), args), { skipMissingProperties: true });
  if (errors.length > 0) throw badInput(errors.flatMap((e) => Object.values(e.constraints ?? {})).join("; "));
}

import { Field, Float, Int, ObjectType } from "type-graphql";
import type { CalibrationBucket as CalibrationBucketData, DayStats as DayStatsData, DigitStats as DigitStatsData, StatsSummary } from "../../services/stats.service.ts";

@ObjectType({ description: "How one digit fares, from labeled predictions" })
export class DigitStats implements DigitStatsData {
  @Field(() => Int, { description: "The digit, 0-9" })
  digit!: number;

  @Field(() => Int, { description: "Predictions of this digit, labeled or not" })
  predicted!: number;

  @Field(() => Int, { description: "Labeled predictions whose true label is this digit" })
  support!: number;

  @Field(() => Float, { nullable: true, description: "Of labeled predictions of this digit, the fraction right; null with none" })
  precision!: number | null;

  @Field(() => Float, { nullable: true, description: "Of labeled drawings of this digit, the fraction found; null with none" })
  recall!: number | null;
}

@ObjectType({ description: "Labeled predictions whose confidence fell in [lower, upper)" })
export class CalibrationBucket implements CalibrationBucketData {
  @Field(() => Float, { description: "Lower end of the confidence bucket (inclusive), 0..1" })
  lower!: number;

  @Field(() => Float, { description: "Upper end of the confidence bucket (exclusive, but 1 is in the last), 0..1" })
  upper!: number;

  @Field(() => Int, { description: "Labeled predictions in the bucket" })
  count!: number;

  @Field(() => Float, { nullable: true, description: "Their mean confidence" })
  averageConfidence!: number | null;

  @Field(() => Float, { nullable: true, description: "The fraction of them that were right" })
  accuracy!: number | null;
}

@ObjectType({ description: "One UTC day's predictions and how many of its labeled digits were right" })
export class DayStats implements DayStatsData {
  @Field(() => String, { description: "The day (UTC), YYYY-MM-DD" })
  day!: string;

  @Field(() => Int, { description: "Predictions made that day, digits and not-digits" })
  total!: number;

  @Field(() => Int, { description: "Of them, judged NOT_A_DIGIT" })
  notDigits!: number;

  @Field(() => Int, { description: "Of the digits made that day, those labeled (at any time since)" })
  labeled!: number;

  @Field(() => Int, { description: "Labeled ones that were right" })
  correct!: number;

  @Field(() => Float, { nullable: true, description: "correct / labeled; null when none of that day's digits is labeled" })
  accuracy!: number | null;
}

@ObjectType({ description: "How good the model really is on people's drawings" })
export class Stats implements StatsSummary {
  @Field(() => Int, { description: "Every stored prediction counted, digits and not-digits" })
  total!: number;

  @Field(() => Int, { description: "Predictions judged NOT_A_DIGIT (in total, but not in the digit statistics below)" })
  notDigits!: number;

  @Field(() => Int, { description: "Predictions of digits (not NOT_A_DIGIT) someone gave the true label for" })
  labeled!: number;

  @Field(() => Int, { description: "Labeled predictions that were right" })
  correct!: number;

  @Field(() => Float, { nullable: true, description: "correct / labeled; null while nothing is labeled" })
  accuracy!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean confidence of all predictions; null while there are none" })
  averageConfidence!: number | null;

  @Field(() => [DigitStats], { description: "Precision, recall and counts for each digit 0-9, from labeled predictions" })
  perDigit!: DigitStats[];

  @Field(() => [[Int]], { description: "10x10 counts of labeled predictions: row = true label, column = predicted digit" })
  confusionMatrix!: number[][];

  @Field(() => [CalibrationBucket], { description: "Ten confidence buckets of width 0.1" })
  calibration!: CalibrationBucket[];

  @Field(() => Float, { nullable: true, description: "Expected calibration error: weighted mean |accuracy - confidence| over the buckets" })
  expectedCalibrationError!: number | null;

  @Field(() => [DayStats], {
    description:
      "Accuracy over time: the last 30 UTC days up to until's day (or today), from since's day when later (end days counted whole), oldest first; days without predictions are left out. Empty for stats(modelVersion:), which are kept without days",
  })
  daily!: DayStats[];
}

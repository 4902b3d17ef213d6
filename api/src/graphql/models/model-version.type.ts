import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { MODEL_STATUSES, type Measured, type ModelMetrics as Metrics, type ModelStatus, type ModelVersionRecord } from "../../domain/model-version.ts";
import { enumOf } from "../enum-of.ts";

const ModelStatusEnum = enumOf(MODEL_STATUSES);
registerEnumType(ModelStatusEnum, {
  name: "ModelStatus",
  description: "Where a model version stands",
  valuesConfig: {
    CANDIDATE: { description: "Registered, not served" },
    ACTIVE: { description: "Served by every API process; exactly one version is" },
    RETIRED: { description: "Served before; activating it again is a rollback" },
  },
});

@ObjectType({ description: "One figure of an evaluation set, in per cent" })
export class SetMetric {
  @Field(() => String, { description: "The set: redrawn, strokes, not-a-digit (see npm run evaluate)" })
  name!: string;

  @Field(() => Float, { description: "Accuracy on a set of digits; the share flagged NOT_A_DIGIT or refused on the not-a-digit set" })
  value!: number;
}

@ObjectType({ description: "Accuracy on the corrections' held-out slice (never trained on), in per cent" })
export class CorrectionsMetric {
  @Field(() => Int, { description: "Trusted corrections in the slice" })
  images!: number;

  @Field(() => Float, { description: "Share read right, in per cent" })
  accuracy!: number;
}

@ObjectType({ description: "The figures a version is judged by, in per cent" })
export class ModelMetrics {
  @Field(() => Float, { nullable: true, description: "Accuracy on MNIST's 10,000 test digits" })
  mnistTest!: number | null;

  @Field(() => [SetMetric], { description: "Per evaluation set (npm run evaluate)" })
  sets!: SetMetric[];

  @Field(() => CorrectionsMetric, { nullable: true, description: "Null for a version not measured on corrections" })
  corrections!: CorrectionsMetric | null;

  @Field(() => String, { nullable: true, description: "The version active when this one was measured, measured on the same images (baseline)" })
  baselineVersion!: string | null;

  @Field(() => ModelMetrics, { nullable: true, description: "That version's figures on the same images; null for a version measured alone" })
  baseline!: ModelMetrics | null;
}

@ObjectType({ description: "A model version in the registry" })
export class ModelVersion {
  @Field(() => String, { description: "The ONNX file's sha256 prefix; predictions record it as modelVersion" })
  version!: string;

  @Field(() => ModelStatusEnum, { description: "Whether it is served, may be, or was" })
  status!: ModelStatus;

  @Field(() => String, { description: "bundled (shipped with the app) or retrained (made by npm run retrain)" })
  origin!: string;

  @Field(() => String, { description: "Layers, in words" })
  architecture!: string;

  @Field(() => String, { description: "What it was trained on" })
  trainingData!: string;

  @Field(() => ModelMetrics, { description: "Its figures, measured when it was registered" })
  metrics!: ModelMetrics;

  @Field(() => Date, { description: "When it was registered" })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was last made active" })
  activatedAt!: Date | null;
}

const measured = (figures: Measured) => ({
  mnistTest: figures.mnistTest ?? null,
  sets: Object.entries(figures.sets ?? {}).map(([name, value]) => ({ name, value })),
  corrections: figures.corrections ?? null,
});

const toMetrics = ({ baseline, ...figures }: Metrics): ModelMetrics => ({
  ...measured(figures),
  baselineVersion: baseline?.version ?? null,
  baseline: baseline ? { ...measured(baseline), baselineVersion: null, baseline: null } : null,
});

export function toModelVersion(record: ModelVersionRecord): ModelVersion {
  const { card } = record;
  return {
    version: record.version,
    status: record.status,
    origin: record.origin,
    architecture: card.architecture,
    trainingData: card.data,
    metrics: toMetrics(record.metrics),
    createdAt: record.createdAt,
    activatedAt: record.activatedAt,
  };
}

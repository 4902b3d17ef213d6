import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "What the model expects as input" })
export class ModelInput {
  @Field(() => String)
  name!: string;

  @Field(() => [Int], { description: "Shape without the batch dimension: [1, 28, 28]" })
  shape!: number[];

  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  std!: number;

  @Field(() => String, { description: "How a drawing is turned into that input" })
  preprocessing!: string;
}

@ObjectType({ description: "How the model's confidences are made honest" })
export class ModelCalibration {
  @Field(() => Float, { description: "Logits are divided by this before the softmax (temperature scaling); 1 means uncalibrated" })
  temperature!: number;

  @Field(() => Float, { nullable: true, description: "Expected calibration error on the validation split, a fraction 0..1; null when not measured" })
  validationCalibrationError!: number | null;
}

@ObjectType({ description: "The model that serves predictions" })
export class ModelInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "First 12 hex digits of the ONNX file's sha256" })
  version!: string;

  @Field(() => String)
  sha256!: string;

  @Field(() => String)
  architecture!: string;

  @Field(() => Int)
  parameters!: number;

  @Field(() => String)
  trainingData!: string;

  @Field(() => Float, { description: "Accuracy on the 10,000 MNIST test images, a fraction 0..1" })
  testAccuracy!: number;

  @Field(() => ModelInput)
  input!: ModelInput;

  @Field(() => ModelCalibration)
  calibration!: ModelCalibration;
}

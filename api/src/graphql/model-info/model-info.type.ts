import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "What the model expects as input" })
export class ModelInput {
  @Field(() => String, { description: "Name of the model graph's input" })
  name!: string;

  @Field(() => [Int], { description: "Shape without the batch dimension: [1, 28, 28]" })
  shape!: number[];

  @Field(() => Float, { description: "Subtracted from each pixel (ink 0..1) before the model reads it" })
  mean!: number;

  @Field(() => Float, { description: "Each pixel is then divided by this" })
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
  @Field(() => String, { description: "The model's name" })
  name!: string;

  @Field(() => String, { description: "First 12 hex digits of the ONNX file's sha256" })
  version!: string;

  @Field(() => String, { description: "sha256 of the ONNX file" })
  sha256!: string;

  @Field(() => String, { description: "Layers, in words" })
  architecture!: string;

  @Field(() => Int, { description: "Trained weights in the network" })
  parameters!: number;

  @Field(() => String, { description: "What it was trained, validated and tested on" })
  trainingData!: string;

  @Field(() => Float, { description: "Accuracy on the 10,000 MNIST test images, a fraction 0..1" })
  testAccuracy!: number;

  @Field(() => ModelInput, { description: "What the model reads" })
  input!: ModelInput;

  @Field(() => ModelCalibration, { description: "How its confidences are calibrated" })
  calibration!: ModelCalibration;
}

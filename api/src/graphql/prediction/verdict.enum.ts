import { registerEnumType } from "type-graphql";
import { VERDICTS } from "../../domain/prediction.ts";
import { enumOf } from "../enum-of.ts";

/** The domain's verdicts as a GraphQL enum. */
export const VerdictEnum = enumOf(VERDICTS);

registerEnumType(VerdictEnum, {
  name: "Verdict",
  description: "How sure the app is of a reading",
  valuesConfig: {
    CONFIDENT: { description: "The digit, with a calibrated confidence high enough to trust" },
    UNSURE: { description: "Probably a digit, but the two most probable digits are both plausible" },
    NOT_A_DIGIT: { description: "The drawing does not look like one digit" },
  },
});

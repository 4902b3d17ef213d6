import { registerEnumType } from "type-graphql";
import { VERDICTS, type Verdict } from "../../domain/prediction.ts";

/** The domain's verdicts as a GraphQL enum (values are their own names). */
export const VerdictEnum = Object.fromEntries(VERDICTS.map((v) => [v, v])) as { [V in Verdict]: V };

registerEnumType(VerdictEnum, {
  name: "Verdict",
  description: "How sure the app is of a reading",
  valuesConfig: {
    CONFIDENT: { description: "The digit, with a calibrated confidence high enough to trust" },
    UNSURE: { description: "Probably a digit, but the two most probable digits are both plausible" },
    NOT_A_DIGIT: { description: "The drawing does not look like one digit" },
  },
});

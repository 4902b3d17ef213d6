import { graphql } from "../gql";

export const StatsQuery = graphql(`
  query Stats {
    stats {
      total
      notDigits
      labeled
      correct
      accuracy
      averageConfidence
      expectedCalibrationError
      perDigit {
        digit
        predicted
        support
        precision
        recall
      }
      confusionMatrix
      calibration {
        lower
        upper
        count
        averageConfidence
        accuracy
      }
    }
  }
`);

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

export const ModelVersionsQuery = graphql(`
  query ModelVersions {
    models {
      version
      status
    }
  }
`);

export const VersionStatsQuery = graphql(`
  query VersionStats($modelVersion: String!) {
    stats(modelVersion: $modelVersion) {
      total
      labeled
      correct
      accuracy
    }
  }
`);

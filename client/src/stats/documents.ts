import { graphql } from "../gql";

export const StatsFieldsFragment = graphql(`
  fragment StatsFields on Stats {
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
    daily {
      day
      total
      labeled
      correct
      accuracy
    }
  }
`);

export const StatsQuery = graphql(`
  query Stats {
    stats {
      ...StatsFields
    }
  }
`);

// Pushes the statistics at once and after every change: the panel follows it without polling.
export const StatsChangedSubscription = graphql(`
  subscription StatsChanged {
    statsChanged {
      ...StatsFields
    }
  }
`);

export const ModelVersionsQuery = graphql(`
  query ModelVersions {
    models {
      version
      status
      activatedAt
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

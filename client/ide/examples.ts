import type { GraphiQLProps } from "graphiql";

type TabDefinition = NonNullable<GraphiQLProps["defaultTabs"]>[number];

/**
 * A digit 7 as a PNG: two round-capped black strokes, 14 px wide, on a 140x140 white canvas, so
 * the predictDigit example runs as it is, with no drawing to paste in first.
 */
export const SEVEN_PNG_DATA_URL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAIwAAACMCAYAAACuwEE+AAAHrUlEQVR4Ae3Bv69M+RvA8fd99o77FDQ0NEdDJqGhoaEhuWEK0dDQkBEyE4pli8/8AfPJTcgmZCa7idDQ7DaiGJrdhoZmt0Ayodnb0NjmKp7rxPp+7Sa7Eb/u+cyVmTnneb1m3v4fzq2Q4FwBgnMFCM4VIDhXgOBcAYJzBQjOFSA4V4DgXAGCcwUIzhUgOFeA4FwBgnMFCM4VIDhXgOBcAYJzBQjOFSA4V4DgXAGCcwUIzhUgOFeA4FwBgnMFzOI+Ks9zzAwzw8wwM8wMM8PMMDPMDDPDzFheXsbMMDPMDDPDzDAzzAwzw8wwM8wMM8PMMDPMDDPDzDAzzAwRoV6v02g0aLfbZFnGJJhlQuV5jplhZpgZZoaZYWaYGWaGmWFmmBnLy8uYGWaGmWFmmBlmhplhZpgZZoaZYWaYGWaGmWFmmBlmhpnx5s0bxunNmzc8evSIR48e8f3339Pv92k2m4zbLBNicXGRXq/HYDBgOByS5znuH3mec+rUKd5pNpuM0ywT4OrVq7RaLfI8x31aq9Vifn6eLMsYF2HMrl69yqlTp8jzHPd5eZ7T6/UYJ2GMFhcXabVauJUbDAaMkzBGvV6PPM9xKzccDhknYYwGgwFuughjNBwOccXU63XGSXBTpdFoME7CGNXrddzKzczM0G63GSdhjBqNBm7lQghkWcY4CWPUbrep1Wq4L9uwYQMhBMZNGKMsy+j3+7gvCyGwdu1axm2WMWs2m7zTarXI85xJ8c0336CqqCqqiqqiqqgqqoqqoqqoKqqKqqKqqCqqiqqiqqgqqsq3337L0tISKbZu3cr58+eZBLNMgGazyfz8PL1ej8FgwHA45K+//kJVUVVUFVVFVVFVVBVVRVVRVVQVVUVVUVVUFVVFVVFVVJW5uTlUFVVFVVFVVBVVRVVRVVQVVUVVqdVqrJbvvvuOpaUlUoUQmBSzTIgsy1hYWGBhYYEyefbsGRcvXiTV7t27OXHiBJNCcF9VjJFRdDodJongvpqHDx9y7do1Uh08eJBDhw4xSQT31cQYGUWn02HSCO6ruHv3Lrdu3SLV8ePH2bNnD5NGcF9Ft9tlFCEEJpHgVt3Nmze5d+8eqc6dO8e2bduYRIJbdTFGUs3NzRFCYFIJblVduXKFx48fkyqEwMaNG5lUgls1r1+/JsZIqk2bNhFCYJIJbtXEGHn+/DmpQgisWbOGSSa4VfHixQtijKTavn07Z8+eZdIJblXEGFleXiZVCIFpILiRPXnyhMuXL5Nq7969HDt2jGkguJHFGBlFp9NhWghuJPfv3+fGjRukOnz4MAcOHGBaCG4k3W6XUYQQmCaCS3b79m3u3LlDqpMnT7Jr1y6mieCSdbtdRhFCYNoILsn169d58OABqS5cuMCWLVuYNoJLEmMk1bp16wghMI0EV9ilS5d4+vQpqUIIrF+/nmkkuEJevXpFjJFUmzdvJoTAtBJcITFGXr58SaoQAtNMcCu2uLhIjJFUO3fu5PTp00wzwa1YjJG3b9+SKoTAtBPcivz+++/88MMPpNq/fz9Hjhxh2gluRWKMjKLT6VAGgvuiX3/9lZ9++olUR48eZd++fZSB4L6o2+0yihACZSG4z/r555/55ZdfSHXmzBl27NhBWQjus2KMpJqZmSGEQJkI7pN+/PFHfvvtN1KFEMiyjDIR3CfFGEm1YcMGQgiUjeA+KsbIH3/8QaoQAmvXrqVsBPeBP//8kxgjqbZu3cr58+cpI8F9IMbI0tISqUIIlJXg3vPs2TMuXrxIqt27d3PixAnKSnDviTEyik6nQ5kJ7l8PHz7k2rVrpDp48CCHDh2izAT3rxgjo+h0OpSd4P529+5dbt26Rarjx4+zZ88eyk5wf+t2u4wihEAVCI6bN29y7949Up07d45t27ZRBYIjxkiqubk5QghUhVBxV65c4fHjx6QKIbBx40aqQqiw169fE2Mk1aZNmwghUCVChcUYef78OalCCKxZs4YqESrqxYsXxBhJtX37ds6ePUvVCBUVY2R5eZlUIQSqSKigJ0+ecPnyZVLt3buXY8eOUUVCBcUYGUWn06GqhIq5f/8+N27cINXhw4c5cOAAVSVUTLfbZRQhBKpMqJDbt29z584dUp08eZJdu3ZRZUKFdLtdRhFCoOqEirh+/ToPHjwg1YULF9iyZQtVJ1REjJFU69atI4SAA6ECLl26xNOnT0kVQmD9+vU4EEru1atXxBhJtXnzZkIIuH8IJRdj5OXLl6QKIeD+I5TY4uIiMUZS7dy5k9OnT+P+I5RYr9fj7du3pAoh4N4nlNhgMCDV/v37OXLkCO59QokNh0NSdTod3IcE94GjR4+yb98+3IeEEqvX66QIIeA+TiixRqNBUWfOnGHHjh24jxNKrN1uU6vVWKlarUYIAfdpQollWUa/32el+v0+WZbhPm2Wkms2m7zTarXI85yPqdVq9Pt9ms0m7vNmqYBms8n8/Dy9Xo/BYMBwOOSder1Oo9Gg3W6TZRnuy2apiCzLWFhYYGFhAZdOcK4AwbkCBOcKEJwrQHCuAMG5AgTnChCcK0BwrgDBuQIE5woQnCtAcK4AwbkCBOcKEJwrQHCuAMG5AgTnChCcK0BwrgDBuQIE5woQnCvgfxZRo7qd96fwAAAAAElFTkSuQmCC";

const json = (value: unknown) => JSON.stringify(value, null, 2);

const predictDigit = `# Recognise a drawn digit and store the prediction.
# $image: a PNG or JPEG data URL (the variables
# hold a drawn 7). Run PredictionAdded in another
# tab first to see it arrive live.
mutation PredictDigit($image: String!) {
  predictDigit(image: $image) {
    id
    digit
    confidence
    probabilities
    modelVersion
    imageUrl
    createdAt
  }
}
`;

const submitFeedback = `# Say what the digit really was (labels feed the
# stats). Paste an id from PredictDigit below.
mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {
  submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {
    id
    digit
    trueLabel
    correct
    labeledAt
  }
}
`;

const history = `# Stored predictions, newest first, in pages.
# Next page: pass pageInfo.endCursor as $after.
# filter: digit, trueLabel, labeled, correct
# (all the given conditions must hold).
query History($first: Int = 10, $after: String, $filter: HistoryFilter) {
  history(first: $first, after: $after, filter: $filter) {
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      cursor
      node {
        id
        digit
        confidence
        trueLabel
        correct
        createdAt
      }
    }
  }
}
`;

const stats = `# How good the model is on people's drawings.
# confusionMatrix: row = true label,
# column = predicted digit.
query Stats($since: DateTimeISO) {
  stats(since: $since) {
    total
    labeled
    correct
    accuracy
    averageConfidence
    expectedCalibrationError
    confusionMatrix
    calibration {
      lower
      upper
      count
      averageConfidence
      accuracy
    }
    perDigit {
      digit
      predicted
      support
      precision
      recall
    }
  }
}
`;

const modelInfo = `# The model behind the predictions.
query ModelInfo {
  modelInfo {
    name
    version
    architecture
    parameters
    testAccuracy
    trainingData
    sha256
    input {
      name
      shape
      mean
      std
      preprocessing
    }
  }
}
`;

const predictionAdded = `# Every new prediction, from anyone, live over
# WebSocket (graphql-ws). Run it, then predict in
# another tab or draw in the app. The run button
# stops it. predictionAdded(digit: 7): only 7s.
subscription PredictionAdded {
  predictionAdded {
    id
    digit
    confidence
    createdAt
  }
}
`;

/** The tabs a first visit opens with (GraphiQL keeps the user's own tabs in localStorage after that). */
export const exampleTabs: TabDefinition[] = [
  { query: predictDigit, variables: json({ image: SEVEN_PNG_DATA_URL }) },
  { query: submitFeedback, variables: json({ predictionId: "<id from PredictDigit>", trueLabel: 7 }) },
  { query: history, variables: json({ first: 5, after: null, filter: { digit: 7 } }) },
  { query: stats, variables: json({ since: null }) },
  { query: modelInfo },
  { query: predictionAdded },
];

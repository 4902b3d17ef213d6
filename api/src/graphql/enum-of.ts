/** A GraphQL enum object from a domain's list of values: each value named after itself. */
export const enumOf = <const Values extends readonly string[]>(values: Values) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [Value in Values[number]]: Value };

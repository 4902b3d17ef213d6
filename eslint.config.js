// ESLint flat config for the whole repository: TypeScript everywhere, React hooks in the client,
// and GraphQL for the schema (api/schema.graphql) and for the operations the client and the
// scripts write with graphql(`...`).
import js from "@eslint/js";
import graphqlPlugin from "@graphql-eslint/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// One GraphQL project for both blocks below: graphql-eslint keeps the first config it loads for
// the whole run, so the schema and the documents must come from the same object.
const graphQLConfig = {
  schema: "api/schema.graphql",
  // The same documents as codegen.yml, so lint sees exactly what the typed client is built from.
  documents: ["client/src/**/*.{ts,tsx}", "scripts/**/*.ts", "client/sdk/src/**/*.ts", "!client/src/gql/**", "!client/sdk/src/gql/**"],
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "client/dist-ide/**",
      "client/src/gql/**",
      "client/sdk/src/gql/**",
      "api/src/generated/**",
      "test-artifacts/**",
      ".data/**",
      "model-artifacts/**",
    ],
  },

  {
    files: ["**/*.{ts,tsx,js,cjs}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter or binding kept for its position or to drop a property.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // CommonJS entry files can only load modules with require().
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },

  {
    files: ["client/**/*.{ts,tsx}"],
    ignores: ["client/vite.config.ts", "client/vite.ide.config.ts"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A missing dependency is a stale-closure bug, not a style question.
      "react-hooks/exhaustive-deps": "error",
    },
  },

  // GraphQL inside code: the processor lifts each graphql(`...`) document into a virtual
  // <file>/<n>_document.graphql that the operations block below lints.
  {
    files: ["client/src/**/*.{ts,tsx}", "scripts/**/*.ts", "client/sdk/src/**/*.ts"],
    processor: graphqlPlugin.processor,
  },
  {
    files: ["api/schema.graphql"],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig } },
    plugins: { "@graphql-eslint": graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs["flat/schema-recommended"].rules,
      // Off: most output types are value objects without identity (statistics, the model's
      // description, paging); an exception list would need an edit for each new one.
      "@graphql-eslint/strict-id-in-types": "off",
      // Every type (the root types too, see build-schema.ts), field, argument and enum value is described.
      "@graphql-eslint/require-description": [
        "error",
        {
          types: true,
          DirectiveDefinition: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
        },
      ],
    },
  },
  {
    files: ["client/src/**/*.graphql", "scripts/**/*.graphql", "client/sdk/src/**/*.graphql"],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig } },
    plugins: { "@graphql-eslint": graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs["flat/operations-recommended"].rules,
    },
  },
);

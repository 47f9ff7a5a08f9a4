// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "bench/results/**", "coverage/**", ".scratch/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // process.env is read in one place only: src/config/env.ts (see CONVENTIONS.md).
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through src/config/env.ts" },
      ],
    },
  },
  {
    files: ["src/config/**", "tests/**", "bench/**", ".ci/**"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["scripts/**/*.mjs", "src/**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["src/web/**/*.js"],
    languageOptions: { globals: globals.browser, sourceType: "script" },
  },
);

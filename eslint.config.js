// ESLint over src/, scripts/ and test/ (never generated/): JavaScript's and typescript-eslint's
// recommended rules; formatting is Prettier's job, so rules that would fight it are off.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["generated/**", "dist/**", "docs/**", "bench-results/**", "test-artifacts/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value taken only to leave it out (`const { connection: _connection, ...rest }`).
      "@typescript-eslint/no-unused-vars": ["error", { varsIgnorePattern: "^_", argsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  prettier,
);

/** Lint: TypeScript, React, accessibility, and the import boundaries of docs/architecture.md. */
const core = ["accounts", "geography", "participation", "audit", "moderation", "notifications", "deliberation", "voting", "notices", "uploads", "timeline"];
const features = ["livelihood", "matters", "consultations", "funding", "metrics"];
const mod = (name) => `./app/modules/${name}`;

module.exports = {
  root: true,
  parser: "@typescript-eslint/parser",
  parserOptions: { ecmaVersion: "latest", sourceType: "module", ecmaFeatures: { jsx: true } },
  env: { browser: true, node: true, es2022: true },
  ignorePatterns: ["build/", "public/build/", "node_modules/", "data/", "test-results/", "playwright-report/", "!.*.cjs"],
  plugins: ["@typescript-eslint", "import", "react", "react-hooks", "jsx-a11y"],
  extends: [
    "eslint:recommended",
    "plugin:@typescript-eslint/recommended",
    "plugin:react/recommended",
    "plugin:react/jsx-runtime",
    "plugin:react-hooks/recommended",
    "plugin:jsx-a11y/recommended",
  ],
  settings: {
    react: { version: "detect" },
    "import/resolver": { typescript: { project: "./tsconfig.json" } },
  },
  rules: {
    "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    "react/prop-types": "off",
    "import/no-cycle": "off",
    "import/no-restricted-paths": [
      "error",
      {
        zones: [
          { target: "./app/components", from: "./app/**/*.server.ts", message: "UI cannot import server-only code." },
          { target: "./app/components", from: "./app/**/*.server.tsx", message: "UI cannot import server-only code." },
          { target: ["./app/routes", "./app/components"], from: "./db", message: "Routes and UI go through app/modules." },
          { target: "./app/modules", from: ["./app/routes", "./app/components", "./app/cli", "./app/demo", "./app/server"], message: "Modules never import routes, UI or entry points." },
          { target: "./app/lib", from: ["./app/modules", "./app/routes", "./app/components"], message: "lib is framework glue below the modules." },
          { target: core.map(mod), from: features.map(mod), message: "Core modules never import features." },
          ...features.map((f) => ({
            target: mod(f),
            from: features.filter((o) => o !== f).map(mod),
            message: "A feature calls a sibling only through an explicit, documented one-way use-case.",
          })),
          { target: "./db", from: "./app", message: "db/ is the bottom layer." },
        ],
      },
    ],
    "no-restricted-syntax": [
      "error",
      { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through app/lib/env.server.ts." },
    ],
    "no-restricted-imports": ["error", { paths: [{ name: "remix", message: "The bare `remix` package throws on import; use @remix-run/*." }] }],
  },
  overrides: [
    {
      // Configuration, the database client, the CLI entry, tests and benchmarks may read the environment.
      files: ["*.config.ts", "*.config.js", "*.cjs", "db/client.ts", "app/lib/env.server.ts", "app/cli/kapok.ts", "tests/**", "**/*.test.ts", "**/*.test.tsx"],
      rules: { "no-restricted-syntax": "off" },
    },
  ],
};

import { defineConfig } from "drizzle-kit";

// Authoring only (`npm run db:generate`); migrations are applied by `kapok migrate` and at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/*.ts",
  out: "./db/migrations",
  casing: "snake_case",
});

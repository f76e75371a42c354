import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration here after a change to src/main/db/schema.ts or schema-trade.ts.
// The core embeds these files at build time and applies them at start (src/main/db/migrate.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/main/db/schema.ts', './src/main/db/schema-trade.ts'],
  out: './src/main/db/migrations',
});

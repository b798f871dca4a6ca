/** drizzle-kit: `npm run db:generate` writes the next numbered migration from schema.ts. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './main/store/schema.ts',
  out: './main/store/migrations',
});

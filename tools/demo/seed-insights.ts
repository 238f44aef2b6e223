import { SeedContext } from './seed-context';

/** Demo data owned by insights (nothing yet). */
export async function seedInsights(_ctx: SeedContext): Promise<void> {
  // The insights issue adds its demo data here.
}

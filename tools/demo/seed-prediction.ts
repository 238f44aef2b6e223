import { SeedContext } from './seed-context';

/** Demo data owned by prediction (nothing yet). */
export async function seedPrediction(_ctx: SeedContext): Promise<void> {
  // The prediction issue adds its demo data here.
}

import { SeedContext } from './seed-context';

/** Demo data owned by identity (nothing yet). */
export async function seedIdentity(_ctx: SeedContext): Promise<void> {
  // The identity issue adds its demo data here.
}

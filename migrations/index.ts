import { InitialSchema1764000000000 } from "./1764000000000-InitialSchema";

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [InitialSchema1764000000000];

/** The list with `id` added, or taken out if it was there (a ticked or unticked checkbox). */
export const toggled = <T>(ids: readonly T[], id: T): T[] => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);

/**
 * Main's validation errors name argument paths ("Invalid input: 0.endedAt: The end must be
 * after the start"). People need the sentence, not the path.
 */
export function readableError(message: string | undefined): string {
  if (!message) return 'Something went wrong.';
  const cleaned = message
    .replace(/^Invalid input:\s*/, '')
    .split('; ')
    .map((part) => part.replace(/^(\d+\.)?[\w.]*:\s+/, '').replace(/^(\d+\.)?[\w.]+: /, ''))
    .filter((part, i, all) => all.indexOf(part) === i)
    .join(' · ');
  return /[.!?]$/.test(cleaned) ? cleaned : `${cleaned}.`;
}

/** "h:mm" for a length of time in ms (rounded to the minute), as timesheets show it. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Minutes from what people type into a timesheet cell: "1:30", "1.5" or "1,5" (hours), "90m",
 * "2h", "2h 15m"; empty means 0. Null when it is none of these or over a day.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(',', '.');
  if (t === '' || t === '-' || t === '–') return 0;
  let minutes: number;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(t);
  const units = /^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/.exec(t);
  if (clock) minutes = Number(clock[1]) * 60 + Number(clock[2]);
  else if (/^\d+(?:\.\d+)?$/.test(t)) minutes = Math.round(Number(t) * 60);
  else if (units && (units[1] || units[2])) minutes = Math.round(Number(units[1] ?? 0) * 60) + Number(units[2] ?? 0);
  else return null;
  return minutes <= 24 * 60 ? minutes : null;
}

/** Display helpers shared by the tracker screens. */
import { format } from 'date-fns';

export { formatDuration } from '../../../../common/tracker/duration';

export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;
export const isoDay = (d: Date | number) => format(d, 'yyyy-MM-dd');
/** For <input type="datetime-local">. */
export const localInput = (ms: number) => format(ms, "yyyy-MM-dd'T'HH:mm");
export const fromLocalInput = (value: string) => new Date(value).getTime();

/** What an entry's task is called when the board no longer lists it (the list leaves out deleted projects' tasks). */
export const taskTitle = (task: { title: string } | undefined, projectListed: boolean) => task?.title ?? (projectListed ? 'Deleted task' : 'Task of a deleted project');

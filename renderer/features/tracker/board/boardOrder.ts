/** Where a dropped card lands: its column and the neighbours above and below it. Pure, tested. */
import type { Task, TaskMove, TaskStatus } from '../../../../common/tracker/schemas';

export const columnId = (status: TaskStatus) => `column:${status}`;

export function columnsOf(tasks: readonly Task[], statuses: readonly TaskStatus[]): Record<TaskStatus, Task[]> {
  const columns = Object.fromEntries(statuses.map((s) => [s, [] as Task[]])) as Record<TaskStatus, Task[]>;
  for (const task of tasks) columns[task.status]?.push(task);
  for (const status of statuses) columns[status].sort((a, b) => a.boardOrder - b.boardOrder);
  return columns;
}

/**
 * `overId` is a card or a column. Dropped on a card in its own column, a card moving down goes
 * below it and one moving up goes above it; dropped on a card elsewhere it goes above that card;
 * dropped on a column's empty space it goes to the bottom. Null when nothing would change.
 */
export function dropTarget(columns: Record<TaskStatus, Task[]>, activeId: string, overId: string): TaskMove | null {
  const statuses = Object.keys(columns) as TaskStatus[];
  const from = statuses.find((s) => columns[s].some((t) => t.id === activeId));
  if (!from) return null;
  let status: TaskStatus;
  let index: number;
  const overColumn = statuses.find((s) => columnId(s) === overId);
  const without = (s: TaskStatus) => columns[s].filter((t) => t.id !== activeId);
  if (overColumn) {
    status = overColumn;
    index = without(status).length;
  } else {
    const target = statuses.find((s) => columns[s].some((t) => t.id === overId));
    if (!target || overId === activeId) return null;
    status = target;
    const overIndex = without(status).findIndex((t) => t.id === overId);
    const movingDown = from === status && columns[status].findIndex((t) => t.id === activeId) < columns[status].findIndex((t) => t.id === overId);
    index = movingDown ? overIndex + 1 : overIndex;
  }
  const rest = without(status);
  const beforeId = rest[index - 1]?.id ?? null;
  const afterId = rest[index]?.id ?? null;
  const current = columns[from];
  const at = current.findIndex((t) => t.id === activeId);
  if (from === status && (current[at - 1]?.id ?? null) === beforeId && (current[at + 1]?.id ?? null) === afterId) return null;
  return { taskId: activeId, status, beforeId, afterId };
}

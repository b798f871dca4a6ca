import { describe, expect, it } from 'vitest';
import type { Task, TaskStatus } from '../../../../common/tracker/schemas';
import { columnId, columnsOf, dropTarget } from './boardOrder';

const statuses: TaskStatus[] = ['todo', 'in-progress', 'done'] as TaskStatus[];
const task = (id: string, status: TaskStatus, boardOrder: number): Task => ({
  id,
  projectId: 'p',
  title: id,
  description: '',
  status,
  dueDate: null,
  estimateMinutes: null,
  boardOrder,
  assigneeIds: [],
  updatedAt: 0,
});
const columns = columnsOf([task('a', 'todo', 1), task('b', 'todo', 2), task('c', 'todo', 3), task('x', 'in-progress', 1)], statuses);

describe('dropTarget', () => {
  it('moves a card down below the card it is dropped on', () => {
    expect(dropTarget(columns, 'a', 'b')).toEqual({ taskId: 'a', status: 'todo', beforeId: 'b', afterId: 'c' });
  });
  it('moves a card up above the card it is dropped on', () => {
    expect(dropTarget(columns, 'c', 'a')).toEqual({ taskId: 'c', status: 'todo', beforeId: null, afterId: 'a' });
  });
  it('puts a card above a card in another column', () => {
    expect(dropTarget(columns, 'b', 'x')).toEqual({ taskId: 'b', status: 'in-progress', beforeId: null, afterId: 'x' });
  });
  it('puts a card at the bottom of a column dropped on its empty space', () => {
    expect(dropTarget(columns, 'a', columnId('done'))).toEqual({ taskId: 'a', status: 'done', beforeId: null, afterId: null });
    expect(dropTarget(columns, 'x', columnId('todo'))).toEqual({ taskId: 'x', status: 'todo', beforeId: 'c', afterId: null });
  });
  it('returns null when nothing changes', () => {
    expect(dropTarget(columns, 'a', 'a')).toBeNull();
    expect(dropTarget(columns, 'c', columnId('todo'))).toBeNull();
  });
});

import { expect, it } from 'vitest';
import { noticeShown, startTimer, trackerCall, trackerQuery, trackerReducer } from './trackerSlice';

const call = () => Promise.resolve();

it("keeps an error notice until the user's next change succeeds; re-run view queries do not clear it", () => {
  let state = trackerReducer(undefined, trackerCall.rejected(new Error('Name: Required'), 'r1', call));
  expect(state.notice).toMatchObject({ kind: 'error', message: expect.stringContaining('Required') });
  state = trackerReducer(state, trackerQuery.fulfilled(undefined, 'q1', call));
  expect(state.notice?.kind).toBe('error');
  state = trackerReducer(state, trackerCall.fulfilled(undefined, 'r2', call));
  expect(state.notice).toBeNull();
  // Information (an export, an undo offer) is not an error: a later change leaves it alone.
  state = trackerReducer(state, noticeShown({ kind: 'info', message: 'Exported report.csv' }));
  state = trackerReducer(state, trackerCall.fulfilled(undefined, 'r3', call));
  expect(state.notice?.kind).toBe('info');
  state = trackerReducer(state, trackerQuery.rejected(new Error('Query failed'), 'q2', call));
  expect(state.notice?.kind).toBe('error');
  // Starting a timer is a change too.
  const status = { running: null, memberId: 'me' } as unknown as Parameters<typeof startTimer.fulfilled>[0];
  expect(trackerReducer(state, startTimer.fulfilled(status, 't1', { taskId: 'task' })).notice).toBeNull();
});

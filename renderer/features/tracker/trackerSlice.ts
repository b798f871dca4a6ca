/**
 * The renderer's projection of the tracker database. Main owns the data; this slice holds the
 * lists most screens share (members, projects, tasks, the timer) plus a revision counter per
 * entity that `tracker.changed` events bump, so every view re-queries what it shows.
 */
import { createSlice, isAnyOf, type PayloadAction } from '@reduxjs/toolkit';
import type { Member, Project, Task, TaskMove, Team } from '../../../common/tracker/schemas';
import type { IdleChoice, IdlePrompt, TimerStatus, TrackerEntity } from '../../../common/tracker/views';
import type { MeshworkApi } from '../../../common/ipc/contract';
import { createAppThunk } from '../../app/hooks';
import { trackerViewChosen } from '../navigation/navSlice';
import { readableError } from './shared/readableError';

export const loadTracker = createAppThunk('tracker/load', async (_arg: void, { extra }) => {
  const [me, members, teams, projects, tasks, timer, idle] = await Promise.all([
    extra.api.tracker.me(),
    extra.api.tracker.listMembers(),
    extra.api.tracker.listTeams(),
    extra.api.tracker.listProjects(),
    extra.api.tracker.listTasks(null),
    extra.api.timer.status(),
    extra.api.timer.pendingIdle(),
  ]);
  return { me, members, teams, projects, tasks, timer, idle };
});

export const reloadEntities = createAppThunk('tracker/reload', async (entities: TrackerEntity[], { extra }) => {
  const api = extra.api.tracker;
  const [members, teams, projects, tasks] = await Promise.all([
    entities.includes('members') ? api.listMembers() : null,
    entities.includes('teams') ? api.listTeams() : null,
    entities.includes('projects') ? api.listProjects() : null,
    entities.includes('tasks') || entities.includes('projects') ? api.listTasks(null) : null,
  ]);
  return { members, teams, projects, tasks };
});

/** Any call against the API as a thunk: a rejected one's message lands in `notice`; a change that succeeds (this or another action below) clears an error notice. */
export const trackerCall = createAppThunk('tracker/call', (call: (api: MeshworkApi) => Promise<unknown>, { extra }) => call(extra.api));
/** A read for a view (`useTrackerQuery`): it reports failures like a call but, re-run by every change, clears nothing. */
export const trackerQuery = createAppThunk('tracker/query', (query: (api: MeshworkApi) => Promise<unknown>, { extra }) => query(extra.api));

export const moveTask = createAppThunk('tracker/moveTask', (move: TaskMove, { extra }) => extra.api.tracker.moveTask(move));
/** `description`: what the new entry says (continuing an entry keeps its words). */
export const startTimer = createAppThunk('timer/start', ({ taskId, description }: { taskId: string; description?: string }, { extra }) =>
  extra.api.timer.start(taskId, description),
);
export const stopTimer = createAppThunk('timer/stop', (_arg: void, { extra }) => extra.api.timer.stop());
export const resolveIdle = createAppThunk('timer/resolveIdle', (choice: IdleChoice, { extra }) => extra.api.timer.resolveIdle(choice));

export interface Notice {
  kind: 'error' | 'info';
  message: string;
  /** An entry id that "Undo" restores. */
  undoEntryId?: string;
}

interface TrackerState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  me: Member | null;
  members: Member[];
  teams: Team[];
  projects: Project[];
  tasks: Task[];
  timer: TimerStatus | null;
  idle: IdlePrompt | null;
  reminder: string | null;
  revisions: Record<TrackerEntity, number>;
  notice: Notice | null;
}

const initialState: TrackerState = {
  status: 'idle',
  me: null,
  members: [],
  teams: [],
  projects: [],
  tasks: [],
  timer: null,
  idle: null,
  reminder: null,
  revisions: { members: 0, teams: 0, projects: 0, tasks: 0, comments: 0, timeEntries: 0, resources: 0 },
  notice: null,
};

const trackerSlice = createSlice({
  name: 'tracker',
  initialState,
  reducers: {
    trackerChanged(state, action: PayloadAction<TrackerEntity[]>) {
      for (const entity of action.payload) state.revisions[entity] += 1;
    },
    timerStatusReceived(state, action: PayloadAction<TimerStatus>) {
      state.timer = action.payload;
    },
    idlePromptReceived(state, action: PayloadAction<IdlePrompt>) {
      state.idle = action.payload;
    },
    reminderReceived(state, action: PayloadAction<string>) {
      state.reminder = action.payload;
    },
    reminderDismissed(state) {
      state.reminder = null;
    },
    noticeShown(state, action: PayloadAction<Notice>) {
      state.notice = action.payload;
    },
    noticeDismissed(state) {
      state.notice = null;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadTracker.pending, (state) => {
        if (state.status === 'idle') state.status = 'loading';
      })
      .addCase(loadTracker.fulfilled, (state, { payload }) => {
        Object.assign(state, { status: 'ready', ...payload });
      })
      .addCase(loadTracker.rejected, (state, action) => {
        state.status = 'failed';
        state.notice = { kind: 'error', message: readableError(action.error.message ?? 'Could not load the tracker') };
      })
      .addCase(reloadEntities.fulfilled, (state, { payload }) => {
        if (payload.members) state.members = payload.members;
        if (payload.teams) state.teams = payload.teams;
        if (payload.projects) state.projects = payload.projects;
        if (payload.tasks) state.tasks = payload.tasks;
      })
      // Optimistic: the card lands where it was dropped at once; the change event confirms it.
      .addCase(moveTask.pending, (state, { meta }) => {
        const { taskId, status, beforeId, afterId } = meta.arg;
        const task = state.tasks.find((t) => t.id === taskId);
        if (!task) return;
        const order = (id: string | null) => state.tasks.find((t) => t.id === id)?.boardOrder;
        const low = order(beforeId);
        const high = order(afterId);
        task.status = status;
        task.boardOrder = low !== undefined && high !== undefined ? (low + high) / 2 : low !== undefined ? low + 1 : high !== undefined ? high - 1 : task.boardOrder;
      })
      .addCase(stopTimer.fulfilled, (state, { payload }) => {
        state.timer = payload;
      })
      .addCase(resolveIdle.fulfilled, (state, { payload }) => {
        state.timer = payload;
        state.idle = null;
      })
      // A stale error must not greet the user on the next screen, nor outlive the fix that followed it.
      .addCase(trackerViewChosen, (state) => {
        if (state.notice?.kind === 'error') state.notice = null;
      })
      .addCase(startTimer.fulfilled, (state, { payload }) => {
        state.timer = payload;
        state.reminder = null;
      })
      .addMatcher(isAnyOf(trackerCall.fulfilled, moveTask.fulfilled, startTimer.fulfilled, stopTimer.fulfilled, resolveIdle.fulfilled), (state) => {
        if (state.notice?.kind === 'error') state.notice = null;
      })
      .addMatcher(
        (action) => action.type.startsWith('tracker/') || action.type.startsWith('timer/'),
        (state, action: { type: string; error?: { message?: string } }) => {
          if (action.type.endsWith('/rejected') && action.error) {
            state.notice = { kind: 'error', message: readableError(action.error.message) };
          }
        },
      );
  },
});

export const { trackerChanged, timerStatusReceived, idlePromptReceived, reminderReceived, reminderDismissed, noticeShown, noticeDismissed } =
  trackerSlice.actions;
export const trackerReducer = trackerSlice.reducer;

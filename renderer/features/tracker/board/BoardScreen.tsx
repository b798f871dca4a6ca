/** Task board: columns by status, drag and drop (pointer or keyboard) with dnd-kit, filters. */
import { useMemo, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { TASK_STATUSES, TASK_STATUS_LABELS, type Task, type TaskStatus } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { boardOpened } from '../../navigation/navSlice';
import { isoDay } from '../shared/format';
import { moveTask } from '../trackerSlice';
import { columnId, columnsOf, dropTarget } from './boardOrder';
import { NewTaskForm } from './NewTaskForm';
import { TaskDetail } from './TaskDetail';

export function BoardScreen() {
  const dispatch = useAppDispatch();
  const projects = useAppSelector((s) => s.tracker.projects);
  const members = useAppSelector((s) => s.tracker.members);
  const allTasks = useAppSelector((s) => s.tracker.tasks);
  const projectId = useAppSelector((s) => s.nav.boardProjectId);
  const [query, setQuery] = useState('');
  const [assignee, setAssignee] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);

  const today = isoDay(new Date());
  const visible = useMemo(
    () =>
      allTasks.filter(
        (t) =>
          (!projectId || t.projectId === projectId) &&
          (!query || `${t.title} ${t.description}`.toLowerCase().includes(query.toLowerCase())) &&
          (!assignee || t.assigneeIds.includes(assignee)) &&
          (!overdueOnly || (t.dueDate !== null && t.dueDate < today && t.status !== 'done')),
      ),
    [allTasks, projectId, query, assignee, overdueOnly, today],
  );
  const columns = useMemo(() => columnsOf(visible, TASK_STATUSES), [visible]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const projectName = (id: string) => projects.find((p) => p.id === id);

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDraggingId(null);
    if (!over) return;
    const move = dropTarget(columns, String(active.id), String(over.id));
    if (move) void dispatch(moveTask(move));
  };
  const dragging = draggingId ? allTasks.find((t) => t.id === draggingId) : null;

  return (
    <section aria-label="Task board">
      <div className="toolbar">
        <label>
          <span className="label">Project</span>
          <select value={projectId ?? ''} onChange={(e) => dispatch(boardOpened(e.target.value || null))}>
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">Search</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Title or description" />
        </label>
        <label>
          <span className="label">Assignee</span>
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          Overdue only
        </label>
      </div>
      <NewTaskForm defaultProjectId={projectId} />
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={({ active }) => setDraggingId(String(active.id))}
        onDragCancel={() => setDraggingId(null)}
        onDragEnd={onDragEnd}
        accessibility={{
          screenReaderInstructions: { draggable: 'To move a task, press space or enter, use the arrow keys, then press space or enter again to drop it.' },
        }}
      >
        <div className="board">
          {TASK_STATUSES.map((status) => (
            <BoardColumn key={status} status={status} tasks={columns[status]}>
              {columns[status].map((task) => (
                <SortableCard key={task.id} task={task} colour={projectName(task.projectId)?.colour} projectLabel={projectId ? null : (projectName(task.projectId)?.name ?? '')} today={today} onOpen={() => setOpenTaskId(task.id)} />
              ))}
            </BoardColumn>
          ))}
        </div>
        <DragOverlay>
          {dragging ? (
            <div className="task-card task-card--overlay">
              <CardBody task={dragging} colour={projectName(dragging.projectId)?.colour} projectLabel={null} today={today} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {openTaskId && <TaskDetail taskId={openTaskId} onClose={() => setOpenTaskId(null)} />}
    </section>
  );
}

function BoardColumn({ status, tasks, children }: { status: TaskStatus; tasks: Task[]; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: columnId(status) });
  return (
    <div ref={setNodeRef} className={`board-column${isOver ? ' board-column--over' : ''}`} data-testid={`column-${status}`} aria-label={TASK_STATUS_LABELS[status]} role="group">
      <h2 className="board-column__title">
        {TASK_STATUS_LABELS[status]} <span className="count">{tasks.length}</span>
      </h2>
      <SortableContext id={status} items={tasks.map((t) => t.id)} strategy={verticalListSortingStrategy}>
        <ul className="board-column__cards">{children}</ul>
      </SortableContext>
    </div>
  );
}

interface CardProps {
  task: Task;
  colour: string | undefined;
  projectLabel: string | null;
  today: string;
}

function SortableCard({ onOpen, ...props }: CardProps & { onOpen: () => void }) {
  // A list item, not dnd-kit's default role of button: a list holds items, and a button may not
  // hold the card's own Open button. It stays focusable, and Space picks it up as before.
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: props.task.id,
    attributes: { role: 'listitem', roleDescription: 'draggable task' },
  });
  return (
    <li
      ref={setNodeRef}
      // dnd-kit positions cards through the CSSOM (element.style), which the CSP allows.
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`task-card${isDragging ? ' task-card--dragging' : ''}`}
      data-testid="task-card"
      data-task-title={props.task.title}
      {...attributes}
      {...listeners}
      aria-label={props.task.title}
      onKeyDown={(e) => {
        if (e.key === 'o' || e.key === 'O') {
          e.preventDefault();
          onOpen();
        } else listeners?.onKeyDown?.(e);
      }}
      onDoubleClick={onOpen}
    >
      <CardBody {...props} />
      <button type="button" className="task-card__open" onPointerDown={(e) => e.stopPropagation()} onClick={onOpen} aria-label={`Open ${props.task.title}`} title="Open (O)">
        ⋯
      </button>
    </li>
  );
}

function CardBody({ task, colour, projectLabel, today }: CardProps) {
  const overdue = task.dueDate !== null && task.dueDate < today && task.status !== 'done';
  return (
    <div className="task-card__body">
      <span className="swatch" style={{ background: colour }} aria-hidden="true" />
      <div>
        <div className="task-card__title">{task.title}</div>
        <div className="task-card__meta">
          {projectLabel && <span>{projectLabel}</span>}
          {task.dueDate && <span className={overdue ? 'overdue' : undefined}>{overdue ? 'Overdue · ' : 'Due '}{task.dueDate}</span>}
          {task.estimateMinutes !== null && <span>{Math.round((task.estimateMinutes / 60) * 10) / 10} h est.</span>}
        </div>
      </div>
    </div>
  );
}

import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { shoot } from './support/screenshot';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

function openView(page: Page, name: string): Promise<void> {
  return page.getByRole('navigation', { name: 'Tracker views' }).getByRole('button', { name, exact: true }).click();
}

/** Drags with real pointer events, in small steps, as a person would. */
async function drag(page: Page, from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 20 });
  await page.mouse.up();
}

test('plan a project on the board, time it, log time by hand, report it and export CSV', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const cspViolations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await expect(page.getByRole('heading', { name: 'Projects & time' })).toBeVisible();

  // A project and its tasks.
  const projectForm = page.getByRole('form', { name: 'New project' });
  await projectForm.getByPlaceholder('Project name').fill('Website relaunch');
  await projectForm.getByLabel('Client').fill('Acme Corp');
  await projectForm.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByTestId('project-card')).toContainText('Website relaunch');

  await openView(page, 'Board');
  const taskForm = page.getByRole('form', { name: 'New task' });
  for (const [title, estimate] of [
    ['Design homepage', '4'],
    ['Write copy', '3'],
    ['QA pass', ''],
  ] as const) {
    await taskForm.getByPlaceholder(/What needs doing/).fill(title);
    if (estimate) await taskForm.getByLabel('Estimate (h)').fill(estimate);
    await taskForm.getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByTestId('column-todo').getByText(title)).toBeVisible();
  }

  // Drag "Design homepage" from To do into In progress.
  const card = page.getByTestId('column-todo').locator('[data-task-title="Design homepage"]');
  await drag(page, card, page.getByTestId('column-in-progress'));
  await expect(page.getByTestId('column-in-progress').locator('[data-task-title="Design homepage"]')).toBeVisible();
  await expect(page.getByTestId('column-todo').locator('[data-task-title="Design homepage"]')).toHaveCount(0);
  // And within a column: "QA pass" above "Write copy".
  // Within the column by keyboard (dnd-kit's keyboard sensor: Space lifts, arrows move, Space drops),
  // which is deterministic where a pointer drag between neighbours depends on frame timing.
  const qa = page.getByTestId('column-todo').locator('[data-task-title="QA pass"]');
  await qa.focus();
  await page.keyboard.press('Space');
  await expect(qa).toHaveClass(/task-card--dragging/);
  // dnd-kit measures and resolves the drop target on animation frames: give each step a few.
  await page.waitForTimeout(250);
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(250);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('column-todo').getByTestId('task-card')).toHaveText([/QA pass/, /Write copy/]);
  // The board moves cards optimistically: wait until main has stored the new order before reloading.
  await expect
    .poll(() =>
      page.evaluate(async () =>
        (await window.meshwork!.tracker.listTasks(null))
          .filter((t) => t.status === 'todo')
          .sort((x, y) => x.boardOrder - y.boardOrder)
          .map((t) => t.title),
      ),
    )
    .toEqual(['QA pass', 'Write copy']);
  await shoot(page, testInfo, 'tracker-board');

  // The board is a projection of the database: a reload shows the same thing.
  await page.reload();
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await openView(page, 'Board');
  await expect(page.getByTestId('column-in-progress').locator('[data-task-title="Design homepage"]')).toBeVisible();
  await expect(page.getByTestId('column-todo').getByTestId('task-card')).toHaveText([/QA pass/, /Write copy/]);

  // Task detail: comments (and, later, its time).
  await page.getByRole('button', { name: 'Open Design homepage' }).click();
  const detail = page.getByRole('dialog', { name: 'Design homepage' });
  await detail.getByPlaceholder('Write a comment').fill('Hero needs the new photo');
  await detail.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(detail.getByText('Hero needs the new photo')).toBeVisible();
  // Its author edits it in place (Escape cancels the edit and leaves the dialog open), and deletes another.
  const comment = detail.getByRole('listitem', { name: 'Comment by Me' });
  await comment.getByRole('button', { name: 'Edit' }).click();
  await comment.getByLabel('Comment text').fill('Not this');
  await page.keyboard.press('Escape');
  await expect(detail).toBeVisible();
  await expect(comment).toContainText('Hero needs the new photo');
  await comment.getByRole('button', { name: 'Edit' }).click();
  await comment.getByLabel('Comment text').fill('Hero needs the new photo and a caption');
  await comment.getByRole('button', { name: 'Save' }).click();
  await expect(comment).toContainText('Hero needs the new photo and a caption');
  await expect(comment).toContainText('edited');
  await detail.getByPlaceholder('Write a comment').fill('Typo, ignore');
  await detail.getByRole('button', { name: 'Comment', exact: true }).click();
  const typo = detail.getByRole('listitem', { name: 'Comment by Me' }).filter({ hasText: 'Typo, ignore' });
  await typo.getByRole('button', { name: 'Delete' }).click();
  await expect(typo).toBeHidden();
  await expect(detail.getByRole('listitem', { name: 'Comment by Me' })).toHaveCount(1);
  await shoot(page, testInfo, 'tracker-task-detail');
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();

  // Start and stop the timer.
  const timerBar = page.getByTestId('timer-bar');
  await timerBar.getByLabel('Task to time').selectOption({ label: 'Design homepage' });
  await timerBar.getByRole('button', { name: 'Start timer' }).click();
  await expect(timerBar).toContainText('Design homepage');
  await expect(page.getByTestId('timer-elapsed')).toHaveText(/00:00:0[1-9]/, { timeout: 5_000 });
  await timerBar.getByRole('button', { name: 'Stop' }).click();
  await expect(timerBar.getByRole('button', { name: 'Start timer' })).toBeVisible();

  // A manual entry, after a refused one (end before start).
  await openView(page, 'Time');
  await expect(page.getByTestId('time-entry')).toHaveCount(1);
  const manual = page.getByRole('form', { name: 'Add time manually' });
  await manual.getByLabel('Task for the manual entry').selectOption({ label: 'Write copy' });
  const morning = new Date().getHours() < 12;
  await manual.getByLabel('Entry start').fill('11:00');
  await manual.getByLabel('Entry end').fill('10:00');
  await manual.getByRole('button', { name: 'Add entry' }).click();
  await expect(page.getByRole('alert')).toContainText('The end must be after the start.');
  await expect(page.getByRole('alert')).not.toContainText('endedAt');
  await expect(page.getByTestId('time-entry')).toHaveCount(1);
  await manual.getByLabel('Entry start').fill(morning ? '13:00' : '09:00');
  await manual.getByLabel('Entry end').fill(morning ? '15:30' : '11:30');
  await manual.getByLabel('Description').fill('Homepage and About copy');
  await manual.getByRole('button', { name: 'Add entry' }).click();
  await expect(page.getByTestId('time-entry')).toHaveCount(2);
  await expect(page.getByTestId('time-entry').filter({ hasText: 'Write copy' }).getByTestId('entry-duration')).toHaveText('2:30');
  await shoot(page, testInfo, 'tracker-time');

  // The report shows the hours, in numbers and in its chart.
  await openView(page, 'Reports');
  await expect(page.getByTestId('report-total')).toHaveText('2:30');
  await expect(page.getByTestId('report-by-project')).toContainText('Website relaunch');
  await expect(page.getByTestId('report-by-project').getByRole('row').nth(1)).toContainText('2.5');
  await expect(page.getByTestId('chart-by-day').locator('.recharts-bar-rectangle')).not.toHaveCount(0);
  await expect(page.getByTestId('chart-by-project').locator('.recharts-bar-rectangle')).toHaveCount(1);
  await shoot(page, testInfo, 'tracker-reports');

  // CSV export: one header and one row per entry.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^meshwork-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('Date,Start,End,Hours,Project,Client,Task,Member,Billable,Description');
  expect(csv).toHaveLength(3);
  const copyRow = csv.find((line) => line.includes('Write copy'))!;
  expect(copyRow).toMatch(/,2\.50,Website relaunch,Acme Corp,Write copy,Me,yes,Homepage and About copy$/);
  expect(csv.find((line) => line.includes('Design homepage'))).toMatch(/,0\.00,Website relaunch,Acme Corp,Design homepage,Me,yes,$/);
  await expect(page.getByTestId('tracker-notice')).toContainText('Exported');

  // The remaining screens, in both themes.
  await openView(page, 'Dashboard');
  await expect(page.getByTestId('project-hours')).toContainText('2.5 h logged of 7 h estimated');
  await shoot(page, testInfo, 'tracker-dashboard');
  await openView(page, 'Resources');
  await expect(page.getByRole('table', { name: 'Allocation against availability' })).toContainText('Me');
  await shoot(page, testInfo, 'tracker-resources');
  await page.keyboard.press('Control+Shift+L');
  for (const view of ['Dashboard', 'Board', 'Time', 'Reports'] as const) {
    await openView(page, view);
    await shoot(page, testInfo, `tracker-${view.toLowerCase()}-other-theme`);
  }
  expect(cspViolations).toEqual([]);
});

test('coming back from idle time asks what to do with it, and "split" keeps it apart', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  // Set up through the same API the screens use.
  const taskId = await page.evaluate(async () => {
    const api = window.meshwork!;
    const project = await api.tracker.createProject({ name: 'Idle check' });
    const task = await api.tracker.createTask({ projectId: project.id, title: 'Deep work' });
    await api.timer.start(task.id);
    return task.id;
  });
  await expect(page.getByTestId('timer-bar')).toContainText('Deep work');

  // Browser mode's idle source: the page reports 10 idle minutes, then activity again.
  await page.evaluate(async () => {
    await window.meshwork!.timer.reportIdle(600);
    await window.meshwork!.timer.reportIdle(0);
  });
  const dialog = page.getByRole('dialog', { name: /You were away/ });
  await expect(dialog).toBeVisible();
  await shoot(page, testInfo, 'tracker-idle-dialog');
  await dialog.getByRole('button', { name: 'Split it off' }).click();
  await expect(dialog).toBeHidden();

  const entries = await page.evaluate(
    (id) => window.meshwork!.tracker.listEntries({ from: Date.now() - 86_400_000, to: Date.now() + 60_000, taskId: id }),
    taskId,
  );
  expect(entries.map((e) => ({ running: e.endedAt === null, billable: e.billable, description: e.description }))).toEqual([
    { running: false, billable: false, description: 'Idle time' },
    { running: true, billable: true, description: '' },
  ]);
  await expect(page.getByTestId('timer-bar')).toContainText('Deep work');
  await page.getByTestId('timer-bar').getByRole('button', { name: 'Stop' }).click();
});

test('a project is edited on its card, and deleted only after asking; its logged time stays in reports', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await page.evaluate(async () => {
    const api = window.meshwork!;
    const project = await api.tracker.createProject({ name: 'Old name', client: 'Initech' });
    const task = await api.tracker.createTask({ projectId: project.id, title: 'TPS reports' });
    // Yesterday: the other tests of this file log time today, at hours that depend on the clock.
    const nine = new Date();
    nine.setDate(nine.getDate() - 1);
    nine.setHours(9, 0, 0, 0);
    await api.tracker.createEntry({ taskId: task.id, startedAt: nine.getTime(), endedAt: nine.getTime() + 45 * 60_000 });
  });
  await openView(page, 'Dashboard');
  const card = page.getByTestId('project-card').filter({ hasText: 'Old name' });
  await card.getByRole('button', { name: 'Edit Old name' }).click();
  const form = card.getByRole('form', { name: 'Edit Old name' });
  await expect(form.getByLabel('Name')).toBeFocused();
  await form.getByLabel('Name').fill('Initrode migration');
  await form.getByLabel('Status').selectOption('On hold');
  await form.getByLabel('Start').fill('2026-03-10');
  await form.getByLabel('End').fill('2026-03-01');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('tracker-notice')).toContainText('The end date must not be before the start date');
  await form.getByLabel('End').fill('2026-06-30');
  await shoot(page, testInfo, 'project-editor');
  await form.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByTestId('project-card').filter({ hasText: 'Initrode migration' });
  await expect(renamed).toContainText('on-hold');
  await expect(renamed).toContainText('2026-03-10 → 2026-06-30');
  await shoot(page, testInfo, 'project-edited');

  // Done projects step aside until asked for.
  await renamed.getByRole('button', { name: 'Edit Initrode migration' }).click();
  await renamed.getByLabel('Status').selectOption('Done');
  await renamed.getByRole('button', { name: 'Save' }).click();
  await expect(renamed).toBeHidden();
  await page.getByRole('button', { name: 'Show 1 done project' }).click();
  await expect(renamed).toContainText('done');

  // Escape leaves the form unchanged; Delete asks first, and Keep keeps it.
  await renamed.getByRole('button', { name: 'Edit Initrode migration' }).click();
  await renamed.getByLabel('Name').fill('Not saved');
  await page.keyboard.press('Escape');
  await expect(renamed.getByRole('heading')).toHaveText('Initrode migration');
  await renamed.getByRole('button', { name: 'Edit Initrode migration' }).click();
  await renamed.getByRole('button', { name: 'Delete…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Delete Initrode migration?' });
  await ask.getByRole('button', { name: 'Keep' }).click();
  await expect(ask).toBeHidden();
  await renamed.getByRole('button', { name: 'Delete…' }).click();
  await ask.getByRole('button', { name: 'Delete project' }).click();
  await expect(renamed).toBeHidden();
  expect(await page.evaluate(async () => (await window.meshwork!.tracker.listTasks(null)).map((t) => t.title))).not.toContain('TPS reports');
  await openView(page, 'Reports');
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByLabel('Report from').fill(iso(yesterday));
  await page.getByLabel('Report to').fill(iso(new Date()));
  await expect(page.getByTestId('report-by-project')).toContainText('Initrode migration');
  // On the Time screen the entry says what happened to its task.
  await openView(page, 'Time');
  if (new Date().getDay() === 1) await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(page.getByTestId('time-entry').filter({ hasText: 'Task of a deleted project' })).toHaveCount(1);
});

test('the weekly timesheet takes hours typed into a cell, and the day\'s entries follow', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await page.evaluate(async () => {
    const api = window.meshwork!;
    const project = await api.tracker.createProject({ name: 'Timesheet project' });
    await api.tracker.createTask({ projectId: project.id, title: 'Timesheet task' });
  });
  await openView(page, 'Time');
  // Last week's Wednesday: wholly past whatever the clock says (time typed for today must fit before now).
  await page.getByRole('button', { name: 'Previous week' }).click();
  const sheet = page.getByRole('table', { name: 'Weekly timesheet' });
  await sheet.getByRole('combobox', { name: 'Add a task to the timesheet' }).selectOption({ label: 'Timesheet task · Timesheet project' });
  const day = new Date();
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7) - 7 + 2);
  const label = `Timesheet task, Wednesday ${day.getDate()} ${day.toLocaleDateString('en-US', { month: 'long' })}`;
  const cell = sheet.getByRole('textbox', { name: label });
  const row = sheet.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Timesheet task/ }) });
  const logged = async () =>
    page.evaluate(async () => {
      const api = window.meshwork!;
      const task = (await api.tracker.listTasks(null)).find((t) => t.title === 'Timesheet task')!;
      const entries = await api.tracker.listEntries({ from: Date.now() - 86_400_000 * 15, to: Date.now() - 86_400_000, taskId: task.id });
      return entries.map((e) => (e.endedAt! - e.startedAt) / 60_000);
    });

  await cell.fill('1:30');
  await cell.press('Enter');
  await expect(row.getByRole('cell').last()).toHaveText('1:30');
  expect(await logged()).toEqual([90]);
  await expect(page.getByTestId('time-entry').filter({ hasText: 'Timesheet task' })).toContainText('1:30');

  // Less time trims the entry; a typo is refused and changes nothing; Escape puts the value back.
  await cell.fill('45m');
  await cell.press('Tab');
  await expect(cell).toHaveValue('0:45');
  expect(await logged()).toEqual([45]);
  await cell.fill('lots');
  await cell.press('Enter');
  await expect(page.getByTestId('tracker-notice')).toContainText('“lots” is not a length of time');
  await expect(cell).toHaveValue('0:45');
  await cell.fill('8');
  await cell.press('Escape');
  await expect(cell).toHaveValue('0:45');
  expect(await logged()).toEqual([45]);
  await shoot(page, testInfo, 'tracker-timesheet');

  // Emptying the cell deletes the day's time on that task.
  await cell.fill('');
  await cell.press('Enter');
  await expect(cell).toHaveValue('');
  expect(await logged()).toEqual([]);

  // "Continue" on an entry starts the timer on its task with its description; the cell then only shows time.
  await cell.fill('0:20');
  await cell.press('Enter');
  await page.getByTestId('time-entry').filter({ hasText: 'Timesheet task' }).getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('form', { name: 'Edit entry' }).getByLabel('Description').fill('Second pass');
  await page.getByRole('form', { name: 'Edit entry' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('form', { name: 'Edit entry' })).toBeHidden();
  await page.getByRole('button', { name: 'Continue Timesheet task' }).click();
  const timerBar = page.getByTestId('timer-bar');
  await expect(timerBar.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(timerBar).toContainText('Timesheet task');
  await page.getByRole('button', { name: 'This week' }).click();
  const running = page.getByTestId('time-entry').filter({ hasText: 'Second pass' });
  await expect(running).toContainText('now');
  await timerBar.getByRole('button', { name: 'Stop' }).click();
  await expect(running).not.toContainText('now');
});

test("a Toggl Track export is imported from the Time screen, once: the same file again is refused by line", async ({ page }, testInfo) => {
  const file = testInfo.outputPath('toggl.csv');
  writeFileSync(
    file,
    [
      '"User","Email","Client","Project","Task","Description","Billable","Start date","Start time","End date","End time","Duration","Tags","Amount (USD)"',
      '"Me","","Umbrella","Imported project","Research","From Toggl","Yes","2026-01-12","09:00:00","2026-01-12","11:00:00","02:00:00","",""',
      '"Zed","zed@example.com","Umbrella","Imported project","Research","","No","2026-01-12","09:30:00","2026-01-12","10:00:00","00:30:00","",""',
    ].join('\n'),
  );
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await openView(page, 'Time');
  await page.getByLabel('CSV file of time entries to import').setInputFiles(file);
  await expect(page.getByTestId('tracker-notice')).toContainText('Imported 2 entries from toggl.csv (new: 1 project, 1 task, 1 member)');
  const imported = () =>
    page.evaluate(async () => {
      const api = window.meshwork!;
      const project = (await api.tracker.listProjects()).find((p) => p.name === 'Imported project')!;
      const members = new Map((await api.tracker.listMembers()).map((m) => [m.id, m.name]));
      const entries = await api.tracker.listEntries({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) });
      return entries.filter((e) => e.projectId === project.id).map((e) => `${members.get(e.memberId)} ${(e.endedAt! - e.startedAt) / 60_000}`);
    });
  expect(await imported()).toEqual(['Me 120', 'Zed 30']);
  await shoot(page, testInfo, 'tracker-import');
  await page.getByLabel('CSV file of time entries to import').setInputFiles(file);
  await expect(page.getByTestId('tracker-notice')).toContainText('Line 2: This overlaps another entry');
  expect(await imported()).toEqual(['Me 120', 'Zed 30']);
});

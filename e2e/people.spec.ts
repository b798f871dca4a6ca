/**
 * People and teams as a team lead uses them: add and edit members (working week included), make
 * a team, tick people in and out, rename it, see reports and resources for just that team, take
 * back planned time off and allocations, delete the team (its people stay), remove a member.
 */
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

const views = (page: Page) => page.getByRole('navigation', { name: 'Tracker views' });
const memberRow = (page: Page, name: string) => page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });

test('members, teams, and reports and resources for one team', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
  await page.keyboard.press('Alt+6');
  await expect(views(page).getByRole('button', { name: 'People', exact: true })).toHaveAttribute('aria-current', 'page');

  // Two new members, one with a shorter week.
  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Name').fill('Ana');
  await add.getByLabel('Role').fill('Designer');
  await add.getByRole('checkbox', { name: 'Friday' }).uncheck();
  await add.getByLabel('Works from').fill('10:00');
  await add.getByLabel('to', { exact: true }).fill('16:00');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(memberRow(page, 'Ana')).toContainText('Mon–Thu');
  await expect(memberRow(page, 'Ana')).toContainText('10:00–16:00');
  await expect(add.getByLabel('Name')).toHaveValue('');
  await add.getByLabel('Name').fill('Bo');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(memberRow(page, 'Bo')).toContainText('Mon–Fri');

  // Edit Ana: a day fewer and a new role. A day that ends before it starts is refused, nothing changes.
  await page.getByRole('button', { name: 'Edit Ana' }).click();
  const edit = page.getByRole('form', { name: 'Edit Ana' });
  await expect(edit.getByLabel('Name')).toBeFocused();
  await edit.getByLabel('Works from').fill('18:00');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('tracker-notice')).toContainText('A working day must end after it starts');
  await expect(memberRow(page, 'Ana')).toContainText('10:00–16:00');
  await edit.getByLabel('Works from').fill('10:00');
  await edit.getByLabel('Role').fill('Lead designer');
  await edit.getByRole('checkbox', { name: 'Thursday' }).uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit Ana' })).toBeFocused();
  // The error was fixed: it does not stay on screen.
  await expect(page.getByTestId('tracker-notice')).toBeHidden();
  await expect(memberRow(page, 'Ana')).toContainText('Lead designer');
  await expect(memberRow(page, 'Ana')).toContainText('Mon–Wed');

  // A team with Ana; then Bo in and Ana out from the team's card.
  const newTeam = page.getByRole('form', { name: 'New team' });
  await newTeam.getByLabel('Team name').fill('Design');
  await newTeam.getByRole('checkbox', { name: 'Ana' }).check();
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  const card = page.getByRole('article', { name: 'Team Design' });
  await expect(card).toContainText('1 member');
  await expect(memberRow(page, 'Ana')).toContainText('Design');
  // Two ticks in a row, before the first is answered, both count.
  await card.getByRole('checkbox', { name: 'Bo' }).check();
  await card.getByRole('checkbox', { name: 'Ana' }).uncheck();
  await expect(card).toContainText('1 member');
  await expect(card.getByRole('checkbox', { name: 'Bo' })).toBeChecked();
  await expect(memberRow(page, 'Bo')).toContainText('Design');
  await expect(memberRow(page, 'Ana')).not.toContainText('Design');
  await card.getByRole('button', { name: 'Rename' }).click();
  await card.getByLabel('Team name').fill('Product design');
  await card.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('article', { name: 'Team Product design' });
  await expect(renamed).toBeVisible();
  await shoot(page, testInfo, 'people');

  // Time for three people today; the report for the team counts Bo's hour only.
  await page.evaluate(async () => {
    const api = window.meshwork!;
    const members = await api.tracker.listMembers();
    const id = (name: string) => members.find((m) => m.name === name)!.id;
    const project = await api.tracker.createProject({ name: 'Brand refresh' });
    const task = await api.tracker.createTask({ projectId: project.id, title: 'Logo' });
    const nine = new Date();
    nine.setHours(9, 0, 0, 0);
    const at = (h: number) => nine.getTime() + h * 3_600_000;
    await api.tracker.createEntry({ taskId: task.id, startedAt: at(0), endedAt: at(3) });
    await api.tracker.createEntry({ taskId: task.id, startedAt: at(0), endedAt: at(2), memberId: id('Ana') });
    await api.tracker.createEntry({ taskId: task.id, startedAt: at(0), endedAt: at(1), memberId: id('Bo') });
    const monday = new Date();
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const day = (n: number) => new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + n);
    await api.tracker.createAllocation({ memberId: id('Bo'), projectId: project.id, hoursPerWeek: 30, startDate: iso(monday), endDate: iso(day(13)) });
    // Thursday next week.
    await api.tracker.createTimeOff({ memberId: id('Bo'), startDate: iso(day(10)), endDate: iso(day(10)), reason: 'Dentist' });
  });
  await views(page).getByRole('button', { name: 'Reports', exact: true }).click();
  const totals = page.getByTestId('report-total');
  await expect(totals).toContainText('6:00');
  await page.getByRole('combobox', { name: /^Team/ }).selectOption({ label: 'Product design' });
  await expect(totals).toContainText('1:00');
  await expect(page.getByRole('region', { name: 'By member' })).not.toContainText('Ana');
  await expect(page.getByRole('region', { name: 'By member' })).toContainText('Bo');

  // Resources for the team: Bo alone, with his allocation and time off, both removable.
  await views(page).getByRole('button', { name: 'Resources', exact: true }).click();
  await page.getByRole('combobox', { name: /^Team/ }).selectOption({ label: 'Product design' });
  const sheet = page.getByRole('table', { name: 'Allocation against availability' });
  await expect(sheet.getByRole('rowheader')).toHaveText([/^Bo/]);
  const timeOff = page.getByRole('region', { name: 'Current and upcoming time off' });
  await expect(timeOff).toContainText('Bo: Dentist');
  const allocations = page.getByRole('region', { name: 'Current and upcoming allocations' });
  await expect(allocations).toContainText('Bo on Brand refresh: 30 h/week');
  const weekCells = sheet.getByRole('cell');
  await expect(weekCells.nth(0)).toContainText('30 / 40 h');
  await expect(weekCells.nth(1)).toContainText('30 / 32 h');
  // The forms offer the team's people only.
  await expect(page.getByRole('form', { name: 'Add time off' }).getByRole('combobox', { name: /^Member/ }).getByRole('option')).toHaveText(['Bo']);
  await shoot(page, testInfo, 'resources-by-team');
  await timeOff.getByRole('button', { name: 'Remove' }).click();
  await expect(timeOff).toContainText('No current or future time off');
  await expect(weekCells.nth(1)).toContainText('30 / 40 h');
  await allocations.getByRole('button', { name: 'Remove' }).click();
  await expect(allocations).toContainText('No current or future allocations');
  await expect(weekCells.nth(0)).toContainText('0 / 40 h');
  // Six weeks on and back.
  const title = page.getByTestId('resources-range');
  const before = await title.textContent();
  await page.getByRole('button', { name: 'Next 6 weeks' }).click();
  await expect(title).not.toHaveText(before!);
  await page.getByRole('button', { name: 'This week' }).click();
  await expect(title).toHaveText(before!);

  // Deleting the team keeps its people; filters fall back to everyone.
  await views(page).getByRole('button', { name: 'People', exact: true }).click();
  await renamed.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog', { name: 'Delete Product design?' }).getByRole('button', { name: 'Delete team' }).click();
  await expect(renamed).toBeHidden();
  await expect(page.getByText('No teams yet')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('rowheader')).toHaveCount(3);

  // Removing Ana asks first; this install's own member has no Remove button.
  await expect(page.getByRole('button', { name: 'Remove Me' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove Ana' }).click();
  await page.getByRole('alertdialog', { name: 'Remove Ana?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(memberRow(page, 'Ana')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('rowheader')).toHaveCount(2);
  await page.keyboard.press('Control+Shift+L');
  await shoot(page, testInfo, 'people-other-theme');
});

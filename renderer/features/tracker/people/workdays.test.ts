import { expect, it } from 'vitest';
import { workdaysLabel } from './workdays';

it('names runs of three or more days as a range and the rest one by one', () => {
  expect(workdaysLabel([1, 2, 3, 4, 5])).toBe('Mon–Fri');
  expect(workdaysLabel([5, 1, 3])).toBe('Mon, Wed, Fri');
  expect(workdaysLabel([1, 2, 4, 5, 6, 7])).toBe('Mon, Tue, Thu–Sun');
  expect(workdaysLabel([2, 2, 3])).toBe('Tue, Wed');
  expect(workdaysLabel([])).toBe('No working days');
});

import { expect, it } from 'vitest';
import { readableError } from './readableError';

it('keeps the sentence and drops argument paths', () => {
  expect(readableError('Invalid input: 0.endedAt: The end must be after the start')).toBe('The end must be after the start.');
  expect(readableError('Invalid input: 0.name: Project name is required; 0.colour: Colour must look like #3366ff')).toBe(
    'Project name is required · Colour must look like #3366ff.',
  );
  expect(readableError('This overlaps another entry, from 2026-03-02 09:00 to 2026-03-02 10:00. Entries of one person cannot overlap.')).toBe(
    'This overlaps another entry, from 2026-03-02 09:00 to 2026-03-02 10:00. Entries of one person cannot overlap.',
  );
  expect(readableError(undefined)).toBe('Something went wrong.');
});

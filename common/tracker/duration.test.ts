import { expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

it('reads what people type into a timesheet cell', () => {
  expect(parseDuration('1:30')).toBe(90);
  expect(parseDuration(' 0:05 ')).toBe(5);
  expect(parseDuration('1.5')).toBe(90);
  expect(parseDuration('1,25')).toBe(75);
  expect(parseDuration('2')).toBe(120);
  expect(parseDuration('90m')).toBe(90);
  expect(parseDuration('2h')).toBe(120);
  expect(parseDuration('2h 15m')).toBe(135);
  expect(parseDuration('1.5H')).toBe(90);
  expect(parseDuration('')).toBe(0);
  expect(parseDuration('–')).toBe(0);
  expect(parseDuration('24:00')).toBe(1440);
  for (const bad of ['25', '24:01', '1:60', 'abc', 'h', '1:3', '-2', '1h30x']) expect(parseDuration(bad), bad).toBeNull();
});

it('writes h:mm, rounded to the minute', () => {
  expect(formatDuration(90 * 60_000)).toBe('1:30');
  expect(formatDuration(59_600)).toBe('0:01');
  expect(formatDuration(0)).toBe('0:00');
});

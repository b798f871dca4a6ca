/**
 * Characters a US keyboard can type, as key + modifiers. Typing them this way (rather than
 * asking the library to "type a string") keeps Shift on symbols, which nut-js drops.
 * Anything else goes through the clipboard.
 */
import type { KeyChord } from './inputInjector';

const SHIFTED_SYMBOLS: Record<string, string> = {
  '!': 'Digit1', '@': 'Digit2', '#': 'Digit3', $: 'Digit4', '%': 'Digit5',
  '^': 'Digit6', '&': 'Digit7', '*': 'Digit8', '(': 'Digit9', ')': 'Digit0',
  _: 'Minus', '+': 'Equal', '{': 'BracketLeft', '}': 'BracketRight', '|': 'Backslash',
  ':': 'Semicolon', '"': 'Quote', '~': 'Backquote', '<': 'Comma', '>': 'Period', '?': 'Slash',
};

const PLAIN_SYMBOLS: Record<string, string> = {
  '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', '`': 'Backquote', ',': 'Comma', '.': 'Period', '/': 'Slash',
  ' ': 'Space', '\n': 'Enter', '\t': 'Tab',
};

export function chordForChar(char: string): KeyChord | null {
  if (/^[a-z]$/.test(char)) return { code: `Key${char.toUpperCase()}`, modifiers: [] };
  if (/^[A-Z]$/.test(char)) return { code: `Key${char}`, modifiers: ['shift'] };
  if (/^[0-9]$/.test(char)) return { code: `Digit${char}`, modifiers: [] };
  if (char in PLAIN_SYMBOLS) return { code: PLAIN_SYMBOLS[char], modifiers: [] };
  if (char in SHIFTED_SYMBOLS) return { code: SHIFTED_SYMBOLS[char], modifiers: ['shift'] };
  return null;
}

export type TextRun = { kind: 'keys'; chords: KeyChord[] } | { kind: 'paste'; text: string };

/** Splits text into runs to type and runs to paste, keeping their order. */
export function planText(text: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const chord = chordForChar(char);
    const last = runs.at(-1);
    if (chord) {
      if (last?.kind === 'keys') last.chords.push(chord);
      else runs.push({ kind: 'keys', chords: [chord] });
    } else if (last?.kind === 'paste') {
      last.text += char;
    } else {
      runs.push({ kind: 'paste', text: char });
    }
  }
  return runs;
}

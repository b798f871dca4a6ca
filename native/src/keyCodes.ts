/**
 * DOM KeyboardEvent.code -> each backend's name for the same physical key. Codes name
 * physical keys (layout-independent), which is what a remote keyboard must reproduce.
 */
interface KeyNames {
  nut: string;
  robot: string;
  /** The X keysym the key produces unshifted; a key is pressed only when the X keymap has it. */
  x11: string;
}

const table: Record<string, KeyNames> = {};

function add(code: string, nut: string, robot: string, x11: string) {
  table[code] = { nut, robot, x11 };
}

for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') add(`Key${letter}`, letter, letter.toLowerCase(), letter.toLowerCase());
for (let digit = 0; digit <= 9; digit++) {
  add(`Digit${digit}`, `Num${digit}`, String(digit), String(digit));
  add(`Numpad${digit}`, `NumPad${digit}`, `numpad_${digit}`, `KP_${digit}`);
}
for (let n = 1; n <= 24; n++) add(`F${n}`, `F${n}`, `f${n}`, `F${n}`);

const named: Array<[code: string, nut: string, robot: string, x11: string]> = [
  // Symbols (US positions; the remote OS applies its own layout).
  ['Minus', 'Minus', '-', 'minus'],
  ['Equal', 'Equal', '=', 'equal'],
  ['BracketLeft', 'LeftBracket', '[', 'bracketleft'],
  ['BracketRight', 'RightBracket', ']', 'bracketright'],
  ['Backslash', 'Backslash', '\\', 'backslash'],
  ['Semicolon', 'Semicolon', ';', 'semicolon'],
  ['Quote', 'Quote', "'", 'apostrophe'],
  ['Backquote', 'Grave', '`', 'grave'],
  ['Comma', 'Comma', ',', 'comma'],
  ['Period', 'Period', '.', 'period'],
  ['Slash', 'Slash', '/', 'slash'],
  // Editing and whitespace.
  ['Space', 'Space', 'space', 'space'],
  ['Enter', 'Enter', 'enter', 'Return'],
  ['Tab', 'Tab', 'tab', 'Tab'],
  ['Backspace', 'Backspace', 'backspace', 'BackSpace'],
  ['Delete', 'Delete', 'delete', 'Delete'],
  ['Insert', 'Insert', 'insert', 'Insert'],
  ['Escape', 'Escape', 'escape', 'Escape'],
  ['CapsLock', 'CapsLock', 'capslock', 'Caps_Lock'],
  // Navigation.
  ['ArrowUp', 'Up', 'up', 'Up'],
  ['ArrowDown', 'Down', 'down', 'Down'],
  ['ArrowLeft', 'Left', 'left', 'Left'],
  ['ArrowRight', 'Right', 'right', 'Right'],
  ['Home', 'Home', 'home', 'Home'],
  ['End', 'End', 'end', 'End'],
  ['PageUp', 'PageUp', 'pageup', 'Prior'],
  ['PageDown', 'PageDown', 'pagedown', 'Next'],
  ['ContextMenu', 'Menu', 'menu', 'Menu'],
  ['PrintScreen', 'Print', 'printscreen', 'Print'],
  // Numpad operators.
  ['NumLock', 'NumLock', 'numpad_lock', 'Num_Lock'],
  ['NumpadAdd', 'Add', 'numpad_+', 'KP_Add'],
  ['NumpadSubtract', 'Subtract', 'numpad_-', 'KP_Subtract'],
  ['NumpadMultiply', 'Multiply', 'numpad_*', 'KP_Multiply'],
  ['NumpadDivide', 'Divide', 'numpad_/', 'KP_Divide'],
  ['NumpadDecimal', 'Decimal', 'numpad_.', 'KP_Decimal'],
  ['NumpadEnter', 'Enter', 'enter', 'KP_Enter'],
  // Modifiers.
  ['ShiftLeft', 'LeftShift', 'shift', 'Shift_L'],
  ['ShiftRight', 'RightShift', 'right_shift', 'Shift_R'],
  ['ControlLeft', 'LeftControl', 'control', 'Control_L'],
  ['ControlRight', 'RightControl', 'right_control', 'Control_R'],
  ['AltLeft', 'LeftAlt', 'alt', 'Alt_L'],
  ['AltRight', 'RightAlt', 'right_alt', 'Alt_R'],
  ['MetaLeft', 'LeftSuper', 'command', 'Super_L'],
  ['MetaRight', 'RightSuper', 'command', 'Super_R'],
  // Media.
  ['AudioVolumeMute', 'AudioMute', 'audio_mute', 'XF86AudioMute'],
  ['AudioVolumeDown', 'AudioVolDown', 'audio_vol_down', 'XF86AudioLowerVolume'],
  ['AudioVolumeUp', 'AudioVolUp', 'audio_vol_up', 'XF86AudioRaiseVolume'],
  ['MediaPlayPause', 'AudioPlay', 'audio_play', 'XF86AudioPlay'],
  ['MediaStop', 'AudioStop', 'audio_stop', 'XF86AudioStop'],
  ['MediaTrackNext', 'AudioNext', 'audio_next', 'XF86AudioNext'],
  ['MediaTrackPrevious', 'AudioPrev', 'audio_prev', 'XF86AudioPrev'],
];
for (const [code, nut, robot, x11] of named) add(code, nut, robot, x11);
add('ScrollLock', 'ScrollLock', '', 'Scroll_Lock');
add('Pause', 'Pause', '', 'Pause');

/**
 * Keys robotjs has no name for, or (on X11) throws on or presses as a keysym other than the
 * key's own (its caps lock is Shift_Lock, which most keymaps lack: an X error ends the process).
 */
const ROBOT_MISSING = new Set(['ScrollLock', 'Pause']);
const ROBOT_MISSING_ON_X11 = new Set(['CapsLock', 'ContextMenu', 'NumLock', 'NumpadAdd', 'NumpadSubtract', 'NumpadMultiply',
  'NumpadDivide', 'NumpadDecimal', ...Array.from({ length: 10 }, (_, d) => `Numpad${d}`)]);

export const KEY_CODES: ReadonlyMap<string, KeyNames> = new Map(Object.entries(table));

export function nutKeyName(code: string): string | undefined {
  return KEY_CODES.get(code)?.nut;
}

export function robotKeyName(code: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (ROBOT_MISSING.has(code) || (platform === 'linux' && ROBOT_MISSING_ON_X11.has(code))) return undefined;
  return KEY_CODES.get(code)?.robot;
}

export function x11Keysym(code: string): string | undefined {
  return KEY_CODES.get(code)?.x11;
}

export const MODIFIER_CODES: Readonly<Record<'shift' | 'control' | 'alt' | 'meta', string>> = {
  shift: 'ShiftLeft',
  control: 'ControlLeft',
  alt: 'AltLeft',
  meta: 'MetaLeft',
};

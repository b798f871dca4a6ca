/**
 * The one interface remote control talks to. Backends (nut-js first, robotjs as fallback)
 * implement `InputBackend`; `NativeInputInjector` builds the richer operations on top.
 * Coordinates here are physical desktop pixels; `coordinates.ts` maps normalised ones.
 */
export type PointerButton = 'left' | 'middle' | 'right';
export type Modifier = 'shift' | 'control' | 'alt' | 'meta';

export interface DisplayInfo {
  id: string;
  /** Position and size in the desktop's logical coordinate space. */
  bounds: { x: number; y: number; width: number; height: number };
  /** Physical pixels per logical pixel. */
  scaleFactor: number;
  primary: boolean;
}

export interface KeyChord {
  /** A DOM KeyboardEvent.code, e.g. "KeyA", "Digit1", "F5", "ArrowLeft", "NumpadAdd". */
  code: string;
  modifiers: readonly Modifier[];
}

export interface Point {
  x: number;
  y: number;
}

export interface InputInjector {
  readonly backend: BackendName;
  displays(): Promise<DisplayInfo[]>;
  movePointer(to: Point): Promise<void>;
  buttonDown(button: PointerButton): Promise<void>;
  buttonUp(button: PointerButton): Promise<void>;
  click(button: PointerButton, count?: 1 | 2): Promise<void>;
  drag(from: Point, to: Point, button?: PointerButton): Promise<void>;
  /** Positive dy scrolls down, positive dx scrolls right, in wheel notches. */
  scroll(dx: number, dy: number): Promise<void>;
  keyDown(chord: KeyChord): Promise<void>;
  keyUp(chord: KeyChord): Promise<void>;
  keyTap(chord: KeyChord): Promise<void>;
  /** Types text as key chords where the layout can, and pastes the rest through the clipboard. */
  typeText(text: string): Promise<void>;
}

export type BackendName = 'nut-js' | 'robotjs';

/** What each native library must provide; everything else is built on these. */
export interface InputBackend {
  readonly name: BackendName;
  screenSize(): Promise<{ width: number; height: number }>;
  move(to: Point): Promise<void>;
  button(button: PointerButton, down: boolean): Promise<void>;
  scroll(dx: number, dy: number): Promise<void>;
  /** Presses or releases one key by DOM code; modifiers are separate key codes. */
  key(code: string, down: boolean): Promise<void>;
  /** Whether this backend can press the key with that DOM code. */
  supports(code: string): boolean;
}

export interface ClipboardAccess {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
}

export interface DisplaySource {
  displays(): Promise<DisplayInfo[]>;
}

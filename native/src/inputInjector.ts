/**
 * The one interface remote control talks to. Backends (nut-js first, robotjs as fallback)
 * implement it and are loaded lazily, only after a display is known to be reachable:
 * both native modules crash the process when there is none.
 */
export type PointerButton = 'left' | 'middle' | 'right';

export interface DisplayInfo {
  id: string;
  /** Position and size in the desktop's coordinate space (logical pixels). */
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
  primary: boolean;
}

export interface KeyChord {
  /** A DOM KeyboardEvent.code, e.g. "KeyA", "Digit1", "F5", "ArrowLeft". */
  code: string;
  modifiers: ReadonlyArray<'shift' | 'control' | 'alt' | 'meta'>;
}

export interface InputInjector {
  readonly backend: string;
  displays(): Promise<DisplayInfo[]>;
  movePointer(x: number, y: number): Promise<void>;
  buttonDown(button: PointerButton): Promise<void>;
  buttonUp(button: PointerButton): Promise<void>;
  click(button: PointerButton, count?: 1 | 2): Promise<void>;
  scroll(dx: number, dy: number): Promise<void>;
  keyDown(chord: KeyChord): Promise<void>;
  keyUp(chord: KeyChord): Promise<void>;
  typeText(text: string): Promise<void>;
}

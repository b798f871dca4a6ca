/** The InputInjector operations, composed from a backend's primitive moves, buttons and keys. */
import type {
  BackendName,
  ClipboardAccess,
  DisplayInfo,
  DisplaySource,
  InputBackend,
  InputInjector,
  KeyChord,
  Point,
  PointerButton,
} from './inputInjector';
import { MODIFIER_CODES, x11Keysym } from './keyCodes';
import { planText } from './textChords';

export class UnsupportedKeyError extends Error {}

export class NativeInputInjector implements InputInjector {
  readonly backend: BackendName;

  constructor(
    private readonly io: InputBackend,
    private readonly displaySource: DisplaySource,
    private readonly clipboard: ClipboardAccess | null,
    /** On X11, the keysyms the keymap can produce (see x11Keymap.ts); null elsewhere. */
    private readonly keysyms: ReadonlySet<string> | null,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.backend = io.name;
  }

  displays(): Promise<DisplayInfo[]> {
    return this.displaySource.displays();
  }

  movePointer(to: Point): Promise<void> {
    return this.io.move(to);
  }

  buttonDown(button: PointerButton): Promise<void> {
    return this.io.button(button, true);
  }

  buttonUp(button: PointerButton): Promise<void> {
    return this.io.button(button, false);
  }

  async click(button: PointerButton, count: 1 | 2 = 1): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.io.button(button, true);
      await this.io.button(button, false);
    }
  }

  async drag(from: Point, to: Point, button: PointerButton = 'left'): Promise<void> {
    await this.io.move(from);
    await this.io.button(button, true);
    // Intermediate moves so applications that need motion between press and release see it.
    const steps = 8;
    for (let i = 1; i <= steps; i++) {
      await this.io.move({ x: Math.round(from.x + ((to.x - from.x) * i) / steps), y: Math.round(from.y + ((to.y - from.y) * i) / steps) });
    }
    await this.io.button(button, false);
  }

  scroll(dx: number, dy: number): Promise<void> {
    return this.io.scroll(Math.trunc(dx), Math.trunc(dy));
  }

  async keyDown(chord: KeyChord): Promise<void> {
    this.assertSupported(chord);
    for (const modifier of chord.modifiers) await this.io.key(MODIFIER_CODES[modifier], true);
    await this.io.key(chord.code, true);
  }

  async keyUp(chord: KeyChord): Promise<void> {
    this.assertSupported(chord);
    await this.io.key(chord.code, false);
    for (const modifier of [...chord.modifiers].reverse()) await this.io.key(MODIFIER_CODES[modifier], false);
  }

  async keyTap(chord: KeyChord): Promise<void> {
    await this.keyDown(chord);
    await this.keyUp(chord);
  }

  async typeText(text: string): Promise<void> {
    for (const run of planText(text)) {
      if (run.kind === 'keys') {
        for (const chord of run.chords) await this.keyTap(chord);
      } else {
        await this.paste(run.text);
      }
    }
  }

  /** Pastes text the keyboard cannot produce, then puts the user's clipboard back. */
  private async paste(text: string): Promise<void> {
    if (!this.clipboard) throw new UnsupportedKeyError('This host cannot type these characters (no clipboard access)');
    const previous = await this.clipboard.readText().catch(() => null);
    await this.clipboard.writeText(text);
    await this.keyTap({ code: 'KeyV', modifiers: [this.platform === 'darwin' ? 'meta' : 'control'] });
    if (previous !== null) {
      // Give the focused application a moment to read the clipboard before restoring it.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await this.clipboard.writeText(previous);
    }
  }

  private assertSupported(chord: KeyChord) {
    if (!this.io.supports(chord.code)) throw new UnsupportedKeyError(`${this.io.name} cannot press ${chord.code}`);
    if (this.keysyms) {
      for (const code of [chord.code, ...chord.modifiers.map((m) => MODIFIER_CODES[m])]) {
        const keysym = x11Keysym(code);
        if (!keysym || !this.keysyms.has(keysym)) {
          throw new UnsupportedKeyError(`This X keymap has no key for ${code}, so it cannot be pressed`);
        }
      }
    }
  }
}

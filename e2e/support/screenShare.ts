/**
 * A headful Chromium on an X display whose screen-share picker is answered by the named source
 * ("Entire screen" with one monitor, "Screen 2" and so on with several), without the fake media
 * UI, so the real capture path runs and a real screen is shared.
 */
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../playwright.config';

export function launchScreenSharer(display: string, source = 'Entire screen'): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: false,
    // Camera and microphone prompts are answered "no" as they come up. Left open, the prompt
    // sits on the shared screen over the app with a live camera preview, so the capture, the
    // encoder and the viewer carried an animation no person would leave standing.
    args: [...CHROMIUM_ARGS, `--auto-select-desktop-capture-source=${source}`, '--deny-permission-prompts'],
    env: { ...process.env, DISPLAY: display },
  });
}

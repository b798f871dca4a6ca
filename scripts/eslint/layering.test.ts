import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import layers from './layering.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const at = (file: string) => path.resolve(file);

tester.run('layering', layers.rules.layering, {
  valid: [
    { filename: at('renderer/features/a.ts'), code: "import { x } from '../../common/ipc/rpc';" },
    { filename: at('main/services/a.ts'), code: "import { x } from '../../native/src/inputInjector'; import fs from 'node:fs';" },
    { filename: at('main/electron/a.ts'), code: "import { app } from 'electron';" },
    { filename: at('main/preload.ts'), code: "import { contextBridge } from 'electron';" },
    { filename: at('signaling-server/src/a.ts'), code: "import http from 'node:http'; import { z } from '../../common/wire/signaling';" },
    { filename: at('e2e/a.ts'), code: "import { x } from '../main/config'; import { _electron } from 'playwright';" },
    { filename: at('renderer/vite.config.ts'), code: "import path from 'node:path';" },
  ],
  invalid: [
    { filename: at('renderer/a.ts'), code: "import { x } from '../main/config';", errors: [{ message: /renderer\/ must not import main\// }] },
    { filename: at('renderer/a.ts'), code: "const m = import('../native/src/x');", errors: [{ message: /must not import native\// }] },
    { filename: at('renderer/a.ts'), code: "import { x } from '../signaling-server/src/x';", errors: 1 },
    { filename: at('renderer/a.ts'), code: "import fs from 'fs';", errors: [{ message: /Node built-ins/ }] },
    { filename: at('common/a.ts'), code: "import { x } from '../main/config';", errors: 1 },
    { filename: at('common/a.ts'), code: "export * from '../renderer/x';", errors: 1 },
    { filename: at('common/a.ts'), code: "import { ipcRenderer } from 'electron';", errors: 1 },
    { filename: at('common/a.ts'), code: "import path from 'node:path';", errors: 1 },
    { filename: at('native/src/a.ts'), code: "import { screen } from 'electron';", errors: 1 },
    { filename: at('native/src/a.ts'), code: "import { x } from '../../common/links';", errors: 1 },
    { filename: at('main/services/a.ts'), code: "import { app } from 'electron';", errors: [{ message: /Only main\/electron/ }] },
    { filename: at('main/a.ts'), code: "const u = require('electron-updater');", errors: 1 },
    { filename: at('main/a.ts'), code: "import { x } from '../renderer/app/store';", errors: 1 },
    { filename: at('signaling-server/src/a.ts'), code: "import { x } from '../../main/config';", errors: 1 },
  ],
});

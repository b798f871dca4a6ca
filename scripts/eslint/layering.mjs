// ESLint rule enforcing the dependency direction in docs/architecture.md. It resolves each
// relative import to the top-level folder it lands in and checks bare imports (electron,
// Node built-ins) against what that layer may use.
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const ELECTRON = new Set(['electron', 'electron-updater']);

/** Which of our layers each layer may import. Folders not listed (scripts, e2e, bench) are free. */
const ALLOWED_LAYERS = {
  common: ['common'],
  renderer: ['renderer', 'common'],
  main: ['main', 'common', 'native'],
  native: ['native'],
  'signaling-server': ['signaling-server', 'common'],
};

function layerOf(file) {
  // Build configs (vite.config.ts) sit in a layer's folder but run in Node at build time.
  if (/\.config\.[cm]?[jt]s$/.test(file)) return null;
  const [first] = path.relative(root, file).split(path.sep);
  return first in ALLOWED_LAYERS ? first : null;
}

/** Electron may be imported only by the desktop shell's glue. */
function mayImportElectron(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel.startsWith('main/electron/') || rel === 'main/preload.ts' || rel.startsWith('e2e/');
}

function bareImportProblem(layer, file, spec) {
  const isElectron = ELECTRON.has(spec);
  if (isElectron && !mayImportElectron(file)) {
    return layer === 'main'
      ? 'Only main/electron/ and main/preload.ts may import Electron; services stay plain so browser mode can run them.'
      : `${layer}/ must not import Electron.`;
  }
  const isBuiltin = NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]);
  if (isBuiltin && (layer === 'common' || layer === 'renderer')) {
    return `${layer}/ must not import Node built-ins ("${spec}"); it runs ${layer === 'common' ? 'everywhere' : 'in a sandboxed page'}.`;
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer dependency direction of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = layerOf(path.resolve(path.dirname(file), spec));
        if (target && !ALLOWED_LAYERS[layer].includes(target)) {
          context.report({ node, message: `${layer}/ must not import ${target}/ (allowed: ${ALLOWED_LAYERS[layer].join(', ')}).` });
        }
        return;
      }
      const problem = bareImportProblem(layer, file, spec);
      if (problem) context.report({ node, message: problem });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layering: rule } };

// Lint: typescript-eslint's recommended rules plus the import directions of
// docs/architecture.md (each layer imports only the layers above it; the pure layers
// import no DOM and no React).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const REACT = [
  { name: 'react', message: 'This layer must stay free of React (see docs/architecture.md).' },
  { name: 'react-dom', message: 'This layer must stay free of React (see docs/architecture.md).' },
];
const patterns = (...groups) => groups.map((group) => ({ group: [group], message: `Import direction: see docs/architecture.md (${group}).` }));

/**
 * The engine's data tables: pure data that import nothing, so the spec may read its activation
 * and optimizer lists (names, defaults, ranges) from the one place that defines them.
 */
const DATA_TABLES = ['src/engine/pointwise-table.ts', 'src/engine/optim-table.ts'];
const engineExceptTables = {
  group: ['**/engine/**', ...DATA_TABLES.map((file) => `!**/${file.replace(/^src\//, '').replace(/\.ts$/, '')}`)],
  message: 'Import direction: the spec may import only the engine\'s data tables (see docs/architecture.md).',
};

/** folder -> import patterns it must not use */
const LAYERS = {
  'src/spec/**': [engineExceptTables, ...patterns('**/nn/**', '**/data/**', '**/train/**', '**/experiment/**', '**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts')],
  'src/engine/**': patterns('**/spec/**', '**/nn/**', '**/data/**', '**/train/**', '**/experiment/**', '**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts'),
  'src/nn/**': patterns('**/data/**', '**/train/**', '**/experiment/**', '**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts'),
  'src/data/**': patterns('**/nn/**', '**/train/**', '**/experiment/**', '**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts'),
  'src/train/**': patterns('**/experiment/**', '**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts'),
  'src/experiment/**': patterns('**/worker/**', '**/ui/**', '**/app/**', '**/cli/**', 'zustand', 'recharts'),
  'src/worker/**': patterns('**/ui/**', '**/app/**', '**/cli/**'),
  'src/ui/**': patterns('**/engine/**', '**/nn/model', '**/cli/**', '**/app/**'),
  'src/cli/**': patterns('**/ui/**', '**/app/**', '**/worker/**'),
};

/** Folders that must run unchanged in Node: no DOM globals beyond what Node also has. */
const PURE = ['src/spec/**', 'src/engine/**', 'src/nn/**', 'src/train/**', 'src/data/**', 'src/experiment/**'];
const DOM_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage', 'HTMLElement', 'HTMLCanvasElement', 'requestAnimationFrame', 'alert'].map(
  (name) => ({ name, message: 'Pure layers must not touch the DOM (see docs/architecture.md).' }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.gen.ts', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', URL: 'readonly' } },
  },
  ...Object.entries(LAYERS).map(([files, forbidden]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: PURE.includes(files) ? REACT : [], patterns: forbidden },
      ],
      ...(PURE.includes(files) ? { 'no-restricted-globals': ['error', ...DOM_GLOBALS] } : {}),
    },
  })),
  {
    files: DATA_TABLES,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.*', message: 'The data tables import nothing: src/spec imports them (see docs/architecture.md).' }] }] },
  },
  // The layer registry (src/nn/layers) and shape inference also run in the UI's main thread:
  // they may use engine *types* only; engine code reaches layers through BuildContext.ops
  // (src/nn/model.ts), so the UI bundle stays free of it.
  {
    files: ['src/nn/layers/**/*.ts', 'src/nn/shapes.ts', 'src/nn/init.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/engine/**'], allowTypeImports: true, message: 'Layer modules import engine types only; ops arrive through BuildContext.ops (see src/nn/layers/types.ts).' }],
      }],
    },
  },
  // Tests are integration points: they may build fixtures from any layer (e.g. a trainer
  // test running a preset), but the pure layers' tests still run without React.
  {
    files: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: REACT }] },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);

import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { NEUTRAL, NEUTRAL_MAY_NOT_IMPORT } from './tools/layout.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // A function a reader takes in at once; a longer one says why it must stay whole, where it stands.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 50, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The lifecycle and the report are written once for every service (tools/layout.js).
    files: NEUTRAL.map((entry) => (entry.endsWith('.ts') ? entry : `${entry}/**/*.ts`)),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NEUTRAL_MAY_NOT_IMPORT.packages,
              message: 'Only service and credential modules load an SDK.',
            },
            {
              group: NEUTRAL_MAY_NOT_IMPORT.folders.map((folder) => `**/${folder}/**`),
              message: 'Use the SyncService interface (model.ts); services open in src/open.ts.',
            },
          ],
        },
      ],
    },
  },
);

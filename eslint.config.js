import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // The lifecycle is written once for every service: it speaks only the model's words.
    files: [
      'src/main.ts',
      'src/model.ts',
      'src/sync.ts',
      'src/wait.ts',
      'src/cancel.ts',
      'src/names.ts',
      'src/report.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', '@smithy/*'], message: 'Only service modules load an SDK.' },
            {
              group: ['./kendra.js', './bedrock.js', './sts.js'],
              message: 'Use the SyncService interface.',
            },
          ],
        },
      ],
    },
  },
);

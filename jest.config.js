/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  // One more worker than cores: three files spend a real minute each mostly waiting on the clock
  // (search-check, real-time, managed), and a third worker keeps both cores busy meanwhile.
  maxWorkers: 3,
  // Known-slow files first, so that a fresh clone (no timings yet) keeps both workers busy.
  testSequencer: '<rootDir>/tools/test-sequencer.mjs',
};

// Mutation testing of the service-neutral code (`npm run mutate`, scripts/mutate.sh): do the unit
// tests notice a bug? StrykerJS 10 needs Node 22+, so the script runs it on Node 24.
export default {
  testRunner: 'jest',
  // The ground floor (src/base/: the log, text helpers) was part of src/report/ before issue 21.
  mutate: ['src/lifecycle/**/*.ts', 'src/report/**/*.ts', 'src/base/**/*.ts'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      // src/ and tools/ among the roots: jest's --findRelatedTests only follows imports it crawled.
      roots: ['<rootDir>/__tests__', '<rootDir>/src', '<rootDir>/tools'],
      // The unit tests only: the end-to-end tests run the committed bundle, which no mutant reaches.
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
    },
  },
  // The suite is ESM (ts-jest's ESM preset): jest needs Node's VM modules.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  coverageAnalysis: 'perTest',
  // Only mutants whose file or covering tests changed are run again (reports/ is not committed).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine is shared: one test process unless --concurrency says otherwise.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // Survivors with their diff; which tests ran each is in the HTML report.
  clearTextReporter: { allowColor: false, logTests: false },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

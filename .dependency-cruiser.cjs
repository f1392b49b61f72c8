// The shape of src/, checked in CI (`npm run depcheck`): no import circles, and every import runs
// down the floors below (a floor may import its own and lower floors, never a higher one). The
// lifecycle and the report stand side by side: the story (main.ts) hands one's results to the other.
/** The floors, from the ground up. */
const FLOORS = [
  ['ground', '^src/(base/|errors\\.ts$|time\\.ts$|model\\.ts$|run-context\\.ts$)'],
  ['aws', '^src/aws/'],
  ['credentials', '^src/credentials/'],
  ['services', '^src/services/'],
  ['inputs', '^src/(inputs|input-reader)\\.ts$'],
  ['lifecycle-and-report', '^src/(lifecycle|report)/'],
  ['story', '^src/(open|main|index)\\.ts$'],
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle: modules that cannot be read, tested or loaded one without the other.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unplaced-module',
      severity: 'error',
      comment: 'Every module of src/ stands on one floor (FLOORS in .dependency-cruiser.cjs).',
      from: { path: '^src/', pathNot: FLOORS.map(([, path]) => path) },
      to: {},
    },
    ...FLOORS.slice(0, -1).map(([name, path], floor) => ({
      name: `no-import-up-from-${name}`,
      severity: 'error',
      comment: `${name} imports only its own floor and those below it.`,
      from: { path },
      to: { path: FLOORS.slice(floor + 1).map(([, above]) => above) },
    })),
    {
      name: 'lifecycle-and-report-apart',
      severity: 'error',
      comment: 'The lifecycle returns results; the story (main.ts) reports them.',
      from: { path: '^src/lifecycle/' },
      to: { path: '^src/report/' },
    },
    {
      name: 'report-and-lifecycle-apart',
      severity: 'error',
      comment: 'The report renders results; it runs no part of the lifecycle.',
      from: { path: '^src/report/' },
      to: { path: '^src/lifecycle/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    // Type-only imports count: a circle of types is still two modules that know each other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/.*\\.d\\.ts$' },
  },
};

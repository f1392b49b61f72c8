// The one list of which parts of src/ are written once for every service (the lifecycle and the
// report): eslint.config.js keeps SDK and service imports out of them, and
// __tests__/unit/lifecycle-neutral.test.ts keeps service words out.

/** Folders (every .ts file under them) and files that know no service. */
export const NEUTRAL = ['src/lifecycle', 'src/report', 'src/model.ts', 'src/main.ts'];

/** What a neutral module may not import: the SDK, a service's folder, the credential plumbing. */
export const NEUTRAL_MAY_NOT_IMPORT = {
  packages: ['@aws-sdk/*', '@smithy/*', '@octokit/*'],
  folders: ['services', 'credentials'],
};

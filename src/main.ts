import * as core from '@actions/core';
import { chooseCredentialSource } from './credential-source.js';
import { InputError } from './errors.js';
import { readInputs, type Inputs } from './inputs.js';
import type { RefreshingCredentials } from './credentials.js';
import type { KendraApi, Target } from './kendra.js';
import * as log from './log.js';
import { requestIdToken, startIdTokenRequest } from './oidc.js';
import type { DataSourceResult } from './report.js';
import { systemClock, type Clock } from './time.js';

/** One run of the action: inputs -> credentials -> data sources -> start (and wait) -> report. */
export async function run(clock: Clock = systemClock): Promise<void> {
  const destroy: Array<() => void> = [];
  try {
    const inputs = readInputs();
    const source = chooseCredentialSource(inputs, process.env);

    // The start is arranged so that loading code overlaps the network: the token request leaves
    // first, the STS client loads while it is out, and the Kendra client while STS answers.
    const tokenRequest =
      source.kind === 'web-identity' ? startIdTokenRequest(inputs.audience) : undefined;
    await tokenRequest?.sent;
    let startupToken = tokenRequest?.token;
    let credentials: RefreshingCredentials | undefined;
    let assumed: Promise<unknown> | undefined;
    if (source.kind !== 'ambient') {
      const { assumeRole, createStsClient } = await import('./credentials.js');
      const sts = await createStsClient(inputs.region);
      destroy.push(() => sts.destroy());
      credentials = assumeRole(source, inputs, {
        sts,
        region: inputs.region,
        audience: inputs.audience,
        clock,
        // Later refreshes, for long waits, each get a fresh token.
        idToken: () => {
          const token = startupToken ?? requestIdToken(inputs.audience);
          startupToken = undefined;
          return token;
        },
      });
      assumed = credentials.provider();
      assumed.catch(() => undefined);
    }
    // report.js too: it then loads during a network wait rather than after the last answer.
    const [{ createKendraClient, KendraApi }, { syncDataSource }, { CancelGuard }] =
      await Promise.all([
        import('./kendra.js'),
        import('./sync.js'),
        import('./cancel.js'),
        import('./report.js'),
      ]);
    const kendra = await createKendraClient(inputs.region, credentials?.provider);
    destroy.push(() => kendra.destroy());
    // Credential failures end the run here, reported once, not once per data source.
    await assumed;
    const api = new KendraApi(kendra, inputs.region, credentials);

    const targets = await resolveTargets(api, inputs);
    const guard = new CancelGuard(api, inputs.stopOnCancel);
    const results = await Promise.all(
      targets.map((target, position) =>
        'failure' in target
          ? Promise.resolve(target)
          : syncDataSource(api, target, inputs, clock, {
              onStarted: (executionId) => {
                if (position === 0) core.setOutput('execution-id', executionId);
              },
              track: (executionId, job, startedAfter) =>
                guard.track(executionId, job, startedAfter),
              untrack: (executionId) => guard.untrack(executionId),
            }),
      ),
    );
    await report(results, inputs.region, inputs.waitForCompletion);
  } catch (error) {
    await fail(error);
  } finally {
    destroy.forEach((close) => close());
  }
}

/** The data sources to sync, resolving names with one listing per index. */
async function resolveTargets(
  api: KendraApi,
  inputs: Inputs,
): Promise<Array<Target | DataSourceResult>> {
  let indexId = inputs.indexId;
  if (!indexId) {
    const { resolveIndexId } = await import('./names.js');
    indexId = await resolveIndexId(api, inputs.indexName ?? '');
  }
  if (inputs.dataSourceNames.length === 0) {
    return inputs.dataSourceIds.map((dataSourceId) => ({ indexId, dataSourceId }));
  }
  const { resolveDataSources } = await import('./names.js');
  const resolved = await resolveDataSources(api, indexId, inputs.dataSourceNames);
  return resolved.map((entry) =>
    'failure' in entry
      ? {
          indexId: indexId ?? '',
          dataSourceId: '',
          skipped: false,
          ...entry,
          errorMessage: entry.failure,
        }
      : entry,
  );
}

async function report(results: DataSourceResult[], region: string, waited: boolean): Promise<void> {
  const { setOutputs, writeSummary } = await import('./report.js');
  // The first data source's ID was set as soon as it was known; without one, the first there is.
  const first = results.find((result) => result.executionId);
  if (!results[0]?.executionId && first?.executionId) {
    core.setOutput('execution-id', first.executionId);
  }
  setOutputs(results, waited);
  await writeSummary(results, region, waited);
  const failures = results.filter((result) => result.failure);
  if (failures.length === 0) return;
  if (results.length === 1) {
    log.setFailed(failures[0].failure ?? '');
    return;
  }
  failures.forEach((result) => log.error(result.failure ?? ''));
  const names = failures.map((result) => result.dataSourceName ?? result.dataSourceId).join(', ');
  log.setFailed(`${failures.length} of ${results.length} data sources failed: ${names}.`);
}

/** Expected failures print their message alone: no stack trace. */
async function fail(error: unknown): Promise<void> {
  if (error instanceof InputError) {
    error.problems.forEach((problem) => log.error(problem));
    process.exitCode = 1;
    return;
  }
  const { explain } = await import('./explain.js');
  log.setFailed(explain(error));
}

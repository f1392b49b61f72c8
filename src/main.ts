import { explain } from './aws/explain.js';
import { InputError } from './errors.js';
import { checkSearchable } from './lifecycle/check.js';
import { readInputs, type Inputs } from './inputs.js';
import { openService, type Opened } from './open.js';
import { CancelGuard } from './lifecycle/cancel.js';
import { resolveContainerId, resolveDataSources, type Unresolved } from './lifecycle/names.js';
import { syncAll } from './lifecycle/sync.js';
import type { SyncService, Target } from './model.js';
import * as log from './base/log.js';
import { announceExecutionId, setOutputs, setVerdict } from './report/outputs.js';
import { writeFailureSummary, writeSummary } from './report/summary.js';
import { systemClock, type Clock } from './time.js';

/** One run of the action: inputs -> credentials -> data sources -> sync (and wait) -> report. */
export async function run(clock: Clock = systemClock): Promise<void> {
  let inputs: Inputs | undefined;
  let opened: Opened | undefined;
  try {
    inputs = readInputs();
    opened = await openService(inputs, clock);
    const { service } = opened;

    const { containerId, targets } = await resolveTargets(service, inputs);
    const guard = new CancelGuard(service, targets, inputs.stopOnCancel, (note, results) =>
      writeSummary(service, results, { note }),
    );
    const results = await syncAll(service, targets, inputs, clock, guard, announceExecutionId);
    const check =
      inputs.check &&
      (await checkSearchable(service, containerId, inputs.check, results, {
        clock,
        timeoutMinutes: inputs.waitTimeoutMinutes,
      }));

    setOutputs(service, results, inputs.waitForCompletion, check);
    await writeSummary(service, results, { check });
    setVerdict(results, check);
  } catch (error) {
    await fail(error, inputs);
  } finally {
    opened?.service.close();
    opened?.credentials.close();
  }
}

/** The container and the data sources to sync, resolving names with one listing each. */
async function resolveTargets(
  service: SyncService,
  inputs: Inputs,
): Promise<{ containerId: string; targets: Array<Target | Unresolved> }> {
  const containerId =
    inputs.containerId ?? (await resolveContainerId(service, inputs.containerName ?? ''));
  const targets =
    inputs.dataSourceNames.length === 0
      ? inputs.dataSourceIds.map((dataSourceId) => ({ containerId, dataSourceId }))
      : await resolveDataSources(service, containerId, inputs.dataSourceNames);
  return { containerId, targets };
}

/** Expected failures print their message alone: no stack trace. The summary says it too. */
async function fail(error: unknown, inputs: Inputs | undefined): Promise<void> {
  const problems = error instanceof InputError ? error.problems : [explain(error)];
  if (error instanceof InputError) {
    problems.forEach((problem) => log.error(problem));
    process.exitCode = 1;
  } else {
    log.setFailed(problems[0]);
  }
  await writeFailureSummary(inputs?.terms.service, problems).catch(() => undefined);
}

import { CancelGuard } from './cancel.js';
import { startCredentials, type Credentials } from './credentials.js';
import { InputError } from './errors.js';
import { explain } from './explain.js';
import { readInputs, type Inputs } from './inputs.js';
import * as log from './log.js';
import type { SyncService, Target } from './model.js';
import { resolveContainerId, resolveDataSources, type Unresolved } from './names.js';
import { announceExecutionId, setOutputs, setVerdict, writeSummary } from './report.js';
import { openService } from './services.js';
import { syncAll } from './sync.js';
import { systemClock, type Clock } from './time.js';

/** One run of the action: inputs -> credentials -> data sources -> start (and wait) -> report. */
export async function run(clock: Clock = systemClock, env = process.env): Promise<void> {
  let credentials: Credentials | undefined;
  let service: SyncService | undefined;
  try {
    const inputs = readInputs(env);
    // The service's client loads while STS answers; credential failures are reported once.
    credentials = await startCredentials(inputs, env, clock);
    service = await openService(inputs, credentials, clock);
    await credentials.ready;

    const targets = await resolveTargets(service, inputs);
    const guard = new CancelGuard(service, inputs.stopOnCancel);
    const results = await syncAll(service, targets, inputs, clock, {
      onExecutionId: announceExecutionId,
      track: (executionId, target, startedAfter) => guard.track(executionId, target, startedAfter),
      untrack: (executionId) => guard.untrack(executionId),
    });
    setOutputs(service, results);
    await writeSummary(service, results);
    setVerdict(results);
  } catch (error) {
    fail(error);
  } finally {
    service?.close();
    credentials?.close();
  }
}

/** The data sources to sync, resolving names with one listing per container. */
async function resolveTargets(
  service: SyncService,
  inputs: Inputs,
): Promise<Array<Target | Unresolved>> {
  const containerId =
    inputs.containerId ?? (await resolveContainerId(service, inputs.containerName ?? ''));
  if (inputs.dataSourceNames.length === 0) {
    return inputs.dataSourceIds.map((dataSourceId) => ({ containerId, dataSourceId }));
  }
  return resolveDataSources(service, containerId, inputs.dataSourceNames);
}

/** Expected failures print their message alone: no stack trace. */
function fail(error: unknown): void {
  if (error instanceof InputError) {
    error.problems.forEach((problem) => log.error(problem));
    process.exitCode = 1;
    return;
  }
  log.setFailed(explain(error));
}

/**
 * What BedrockService makes of StartIngestionJob's refusals and where it looks for the job that
 * holds a knowledge base: the service's half of the paths unit/lifecycle.test.ts drives with the
 * fake service. A Bedrock client answering from a script stands in for the SDK's.
 */
import { describe, expect, it } from '@jest/globals';
import {
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  StartIngestionJobCommand,
  type BedrockAgentClient,
} from '@aws-sdk/client-bedrock-agent';
import { AwsCallError } from '../../src/aws/call-error.js';
import { BedrockService } from '../../src/services/bedrock/bedrock.js';
import { systemClock } from '../../src/time.js';

const target = { containerId: 'KB12345678', dataSourceId: 'WEBSITE123' };
const run = { repository: 'octo-org/docs', runId: '1', runAttempt: '1', job: 'j', step: 's' };

/** An SDK error as the Bedrock client throws it. */
const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { attempts: 3, httpStatusCode: 400 } });

function bedrock(answer: (command: object) => unknown) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  const client = {
    config: { systemClockOffset: 0 },
    destroy: () => undefined,
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      return answer(command);
    },
  };
  const service = new BedrockService(
    client as unknown as BedrockAgentClient,
    'us-east-1',
    undefined,
    systemClock,
    run,
  );
  return { service, sent };
}

const refusing = (error: Error) =>
  bedrock((command) => {
    if (command instanceof StartIngestionJobCommand) throw error;
    throw new Error('unexpected');
  }).service;

describe('BedrockService.startJob', () => {
  it('ConflictException (a job holds the knowledge base): busy container', async () => {
    const service = refusing(
      awsError(
        'ConflictException',
        'You have reached the maximum number of concurrent ingestion jobs per knowledge base: 1',
      ),
    );
    await expect(service.startJob(target)).resolves.toEqual({
      started: false,
      busy: 'container',
      reason: 'ConflictException',
    });
  });

  it('ServiceQuotaExceededException about concurrent jobs: busy account', async () => {
    const service = refusing(
      awsError(
        'ServiceQuotaExceededException',
        'You have exceeded the number of concurrent ingestion jobs for this account: 5',
      ),
    );
    await expect(service.startJob(target)).resolves.toEqual({
      started: false,
      busy: 'account',
      reason: 'ServiceQuotaExceededException',
    });
  });

  it('ServiceQuotaExceededException about anything else is an error, not busy', async () => {
    const service = refusing(
      awsError('ServiceQuotaExceededException', 'Too many data sources in this knowledge base'),
    );
    await expect(service.startJob(target)).rejects.toBeInstanceOf(AwsCallError);
  });

  it('ThrottlingException (about one start per 10 s per account): throttled, pausing 10 to 60 s', async () => {
    const service = refusing(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(service.startJob(target)).resolves.toEqual({
      started: false,
      throttled: 'the account may start about one ingestion job per 10 s',
      pauseMs: { min: 10_000, max: 60_000 },
    });
  });
});

describe('BedrockService.findRunningJob', () => {
  it("asks the data source being started first, then the knowledge base's others", async () => {
    const { service, sent } = bedrock((command) => {
      if (command instanceof ListDataSourcesCommand) {
        return {
          dataSourceSummaries: [
            { dataSourceId: 'WEBSITE123', name: 'website' },
            { dataSourceId: 'PDFS123456', name: 'pdfs' },
          ],
        };
      }
      if (command instanceof ListIngestionJobsCommand) {
        const running = command.input.dataSourceId === 'PDFS123456';
        return {
          ingestionJobSummaries: running
            ? [
                {
                  ingestionJobId: 'THEIRS1234',
                  dataSourceId: 'PDFS123456',
                  status: 'IN_PROGRESS',
                  startedAt: new Date(0),
                },
              ]
            : [],
        };
      }
      throw new Error('unexpected');
    });
    await expect(service.findRunningJob(target)).resolves.toMatchObject({
      executionId: 'THEIRS1234',
      dataSourceId: 'PDFS123456',
      status: 'IN_PROGRESS',
      outcome: undefined,
    });
    expect(sent.map((s) => [s.command, s.input.dataSourceId])).toEqual([
      ['ListIngestionJobsCommand', 'WEBSITE123'],
      ['ListDataSourcesCommand', undefined],
      ['ListIngestionJobsCommand', 'PDFS123456'],
    ]);
    // Only jobs still under way hold the knowledge base.
    expect(sent[0].input.filters).toEqual([
      { attribute: 'STATUS', operator: 'EQ', values: ['STARTING', 'IN_PROGRESS', 'STOPPING'] },
    ]);
  });
});

describe('BedrockService.followCommand', () => {
  it('names the job by its ID, for a timeout message about a job left running', () => {
    const { service } = bedrock(() => ({}));
    expect(service.followCommand(target, 'JOB1234567')).toBe(
      'aws bedrock-agent get-ingestion-job --region us-east-1 --knowledge-base-id KB12345678 --data-source-id WEBSITE123 --ingestion-job-id JOB1234567',
    );
  });
});

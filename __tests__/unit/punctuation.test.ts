/**
 * AWS text is quoted inside our sentences: whatever punctuation it ends with, the sentence ends
 * once. Every place that quotes an AWS message, over every message shape.
 */
import { describe, expect, it } from '@jest/globals';
import { AwsCallError } from '../../src/aws/call-error.js';
import { STS } from '../../src/aws/endpoints.js';
import { explain } from '../../src/aws/explain.js';
import { KENDRA } from '../../src/services/kendra/describe.js';
import { BEDROCK } from '../../src/services/bedrock/describe.js';
import { describeDocument } from '../../src/model.js';
import { judgeJob } from '../../src/lifecycle/judge.js';

const KENDRA_TERMS = KENDRA.terms;

const kendraExplainer = KENDRA.explainer;
const bedrockExplainer = BEDROCK.explainer;

const SHAPES = ['Boom', 'Boom.', 'Boom..', 'Boom!', 'Boom?', 'Boom. ', 'Boom...'];
const DOUBLED = /[.!?]\s*[.!?]|\.\s*\(/;
const target = { containerId: 'i', dataSourceId: 'web' };

describe.each(SHAPES)('an AWS message %j', (message) => {
  it('ends a job verdict once', () => {
    for (const errorCode of [undefined, 'InternalError']) {
      const { failure } = judgeJob(
        { terms: KENDRA_TERMS },
        {
          executionId: 'e',
          dataSourceId: 'web',
          status: 'FAILED',
          outcome: 'failed',
          metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0, skipped: 0 },
          errorMessage: message,
          errorCode,
        },
        true,
        target,
      );
      expect(failure).toContain('Boom');
      expect(failure).not.toMatch(DOUBLED);
      expect(failure).toMatch(/[^.]\.$/);
    }
  });

  it.each([
    ['Kendra', KENDRA.endpoint, kendraExplainer],
    ['Bedrock', BEDROCK.endpoint, bedrockExplainer],
  ] as const)('ends every %s error explanation once', (_label, service, explainer) => {
    for (const name of [
      'ValidationException',
      'ResourceNotFoundException',
      'ConflictException',
      'InternalServerException',
      'SomethingNew',
      'AccessDeniedException',
    ]) {
      const error = Object.assign(new Error(message), { name });
      const text = explain(
        new AwsCallError(
          { service, operation: 'Op', region: 'us-east-1', containerId: 'i', dataSourceId: 'web' },
          error,
          explainer,
        ),
      );
      expect(text).not.toMatch(DOUBLED);
    }
  });

  it('ends STS error explanations once', () => {
    for (const name of [
      'AccessDenied',
      'InvalidIdentityToken',
      'ExpiredTokenException',
      'ValidationError',
      'Other',
    ]) {
      const error = Object.assign(new Error(message), { name });
      const text = explain(
        new AwsCallError(
          {
            service: STS,
            operation: 'AssumeRoleWithWebIdentity',
            region: 'us-east-1',
            roleArn: 'arn:aws:iam::111122223333:role/r',
            subject: 'repo:o/r:ref:refs/heads/main',
          },
          error,
        ),
      );
      expect(text).not.toMatch(DOUBLED);
    }
  });

  it('ends a failed document line once', () => {
    const text = describeDocument({
      uri: 'https://x',
      errorCode: 'E',
      message: message.replace(/[\s.!?]+$/, ''),
    });
    expect(`${text}.`).not.toMatch(DOUBLED);
  });
});

import { describe, expect, it } from '@jest/globals';
import { AwsCallError, type CallContext } from '../../src/aws/call-error.js';
import { STS } from '../../src/aws/endpoints.js';
import { ActionError, InputError } from '../../src/errors.js';
import { explain } from '../../src/aws/explain.js';
import { KENDRA } from '../../src/services/kendra/describe.js';

const { explainer } = KENDRA;

const kendra: CallContext = {
  service: KENDRA.endpoint,
  operation: 'StartDataSourceSyncJob',
  region: 'eu-west-1',
  containerId: '0123456789abcdef0123456789abcdef0123',
  dataSourceId: 'web',
};
const sts: CallContext = {
  service: STS,
  operation: 'AssumeRoleWithWebIdentity',
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::111122223333:role/docs',
  audience: 'sts.amazonaws.com',
  subject: 'repo:octo-org/docs:ref:refs/heads/main',
};
const awsError = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('explain', () => {
  it('passes our own messages through', () => {
    expect(explain(new ActionError('plain'))).toBe('plain');
    expect(explain(new InputError(['a', 'b']))).toBe('a\nb');
  });

  it('names the action and the ARN Kendra denied, taken from its message when it gives one', () => {
    const denied = awsError(
      'AccessDeniedException',
      'User: arn:aws:sts::111122223333:assumed-role/docs/s is not authorized to perform: kendra:StartDataSourceSyncJob on resource: arn:aws:kendra:eu-west-1:111122223333:index/i/data-source/web',
    );
    expect(explain(new AwsCallError(kendra, denied, explainer))).toBe(
      'Access denied: arn:aws:sts::111122223333:assumed-role/docs/s is not allowed to call kendra:StartDataSourceSyncJob on arn:aws:kendra:eu-west-1:111122223333:index/i/data-source/web. ' +
        // The action needs both resource types (Service Authorization Reference).
        'Allow "kendra:StartDataSourceSyncJob" on "arn:aws:kendra:eu-west-1:111122223333:index/0123456789abcdef0123456789abcdef0123" and "arn:aws:kendra:eu-west-1:111122223333:index/0123456789abcdef0123456789abcdef0123/data-source/web" in the permissions policy of the identity in use.',
    );
    // Without an ARN in the message, it is built from the call (account from the session ARN).
    const bare = explain(
      new AwsCallError(
        { ...kendra, principal: 'arn:aws:sts::111122223333:assumed-role/docs/s' },
        awsError('AccessDeniedException', 'denied'),
        explainer,
      ),
    );
    expect(bare).toContain(
      'arn:aws:kendra:eu-west-1:111122223333:index/0123456789abcdef0123456789abcdef0123/data-source/web',
    );
  });

  it('asks for "*" for ListIndices, which has no resource type', () => {
    const denied = awsError(
      'AccessDeniedException',
      'User: arn:aws:sts::111122223333:assumed-role/docs/s is not authorized to perform: kendra:ListIndices on resource: arn:aws:kendra:eu-west-1:111122223333:index/*',
    );
    const context: CallContext = {
      service: KENDRA.endpoint,
      operation: 'ListIndices',
      region: 'eu-west-1',
    };
    expect(explain(new AwsCallError(context, denied, explainer))).toContain(
      'Allow "kendra:ListIndices" on "*" in the permissions policy',
    );
  });

  it('points a trust-policy refusal at the sub and aud the role must trust', () => {
    const message = explain(new AwsCallError(sts, awsError('AccessDenied', 'Not authorized.')));
    expect(message).toMatch(
      /^Could not assume role arn:aws:iam::111122223333:role\/docs with the job's OIDC token: AccessDenied: Not authorized\. Check the role's trust policy/,
    );
    expect(message).toContain(
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    );
    expect(message).toContain('"repo:octo-org/docs:ref:refs/heads/main"');
    expect(message).not.toContain('..');
  });

  it('uses the partition of China and GovCloud Regions in ARNs', () => {
    const china = explain(
      new AwsCallError(
        { ...sts, region: 'cn-north-1', roleArn: 'arn:aws-cn:iam::111122223333:role/docs' },
        awsError('InvalidIdentityTokenException', 'No OpenIDConnect provider found'),
      ),
    );
    expect(china).toContain('arn:aws-cn:iam::111122223333:oidc-provider/');
  });

  it('says which endpoint could not be reached, and how', () => {
    const refused = awsError('Error', 'connect ECONNREFUSED', {
      code: 'ECONNREFUSED',
      $metadata: { attempts: 3 },
    });
    expect(explain(new AwsCallError(kendra, refused, explainer))).toMatch(
      /^StartDataSourceSyncJob failed: could not connect to Kendra at https:\/\/kendra\.eu-west-1\.amazonaws\.com: connection refused after 3 attempts\.$/,
    );
    const timeout = awsError('TimeoutError', 'timed out', { $metadata: { attempts: 3 } });
    expect(explain(new AwsCallError(kendra, timeout, explainer))).toContain(
      'no answer from Kendra',
    );
  });

  it('tells apart expired assumed-role credentials and expired environment credentials', () => {
    const expired = awsError(
      'ExpiredTokenException',
      'The security token included in the request is expired',
    );
    expect(
      explain(
        new AwsCallError(
          { ...kendra, principal: 'arn:aws:sts::1:assumed-role/r/s' },
          expired,
          explainer,
        ),
      ),
    ).toContain('even after a refresh');
    expect(explain(new AwsCallError(kendra, expired, explainer))).toContain(
      'give it role-to-assume',
    );
  });

  it('asks for credentials when the SDK found none', () => {
    const none = awsError(
      'CredentialsProviderError',
      'Could not load credentials from any providers',
    );
    expect(explain(new AwsCallError(kendra, none, explainer))).toContain('Set role-to-assume');
  });
});

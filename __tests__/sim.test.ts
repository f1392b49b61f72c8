// The simulator driven by the real AWS SDK v3 clients (and botocore via the AWS CLI when present).
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import {
  DescribeDataSourceCommand,
  DescribeIndexCommand,
  KendraClient,
  ListDataSourceSyncJobsCommand,
  ListDataSourcesCommand,
  ListIndicesCommand,
  StartDataSourceSyncJobCommand,
  StopDataSourceSyncJobCommand,
  type DataSourceSyncJob,
  type ListDataSourceSyncJobsCommandOutput,
} from '@aws-sdk/client-kendra';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { startSimulator, type Simulator } from '../sim/index.js';
import { rawKendra as rawCall, rawSts, Sha256 } from './helpers/raw.js';

const REGION = 'us-east-1';
const ROLE = 'arn:aws:iam::123456789012:role/kendra-sync';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

let sim: Simulator;
let indexId: string;
let dsId: string;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.addRole(ROLE, { subject: 'repo:octo-org/docs:*' });
  indexId = sim.addIndex({ name: 'docs-index' });
  dsId = sim.addDataSource(indexId, { name: 'website' });
});

function sts(credentials?: Creds, extra: Record<string, unknown> = {}) {
  return new STSClient({
    region: REGION,
    endpoint: sim.url,
    maxAttempts: 1,
    ...(credentials ? { credentials } : {}),
    ...extra,
  });
}

function kendra(credentials: Creds, extra: Record<string, unknown> = {}) {
  return new KendraClient({
    region: REGION,
    endpoint: sim.url,
    maxAttempts: 1,
    credentials,
    ...extra,
  });
}

async function idToken(audience?: string, bearer = sim.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
  const url =
    sim.env().ACTIONS_ID_TOKEN_REQUEST_URL +
    (audience ? `&audience=${encodeURIComponent(audience)}` : '');
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as { value?: string; count?: number } };
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

async function webIdentity(
  roleArn = ROLE,
  token?: string,
  durationSeconds?: number,
): Promise<Creds> {
  const jwt = token ?? (await idToken('sts.amazonaws.com')).body.value!;
  const out = await sts().send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: 'kendra-sync-1',
      WebIdentityToken: jwt,
      DurationSeconds: durationSeconds,
    }),
  );
  const c = out.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  };
}

/** Minimal hash constructor for @smithy/signature-v4 (hash, or HMAC when given a key). */

/** Sign a Kendra request with @smithy/signature-v4, optionally tamper with it, send it raw. */
async function rawKendra(
  creds: Creds,
  op: string,
  input: unknown,
  tamper: { body?: string; header?: [string, string]; signingDate?: Date } = {},
) {
  const port = Number(new URL(sim.url).port);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    credentials: creds,
    region: REGION,
    service: 'kendra',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      query: {},
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSKendraFrontendService.${op}`,
      },
      body,
    },
    { signingDate: tamper.signingDate },
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  if (tamper.header) headers[tamper.header[0]] = tamper.header[1];
  const payload = tamper.body ?? body;
  return new Promise<{
    status: number;
    json: Record<string, string>;
    headers: http.IncomingHttpHeaders;
  }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, json: JSON.parse(text), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('GitHub OIDC endpoint', () => {
  test('issues a JWT with GitHub claims for the requested audience', async () => {
    const { status, body } = await idToken('sts.amazonaws.com');
    expect(status).toBe(200);
    expect(body.count).toBe(body.value!.length);
    const c = claims(body.value!);
    expect(c).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:octo-org/docs:ref:refs/heads/main',
      repository: 'octo-org/docs',
      ref: 'refs/heads/main',
    });
    expect((c.exp as number) - (c.iat as number)).toBe(300);
    expect(typeof c.jti).toBe('string');
    expect(typeof c.run_id).toBe('string');
  });

  test('defaults the audience to the repository owner URL, like GitHub', async () => {
    expect(claims((await idToken()).body.value!).aud).toBe('https://github.com/octo-org');
  });

  test('rejects a missing or wrong request token', async () => {
    const res = await fetch(sim.env().ACTIONS_ID_TOKEN_REQUEST_URL);
    expect(res.status).toBe(401);
    expect((await idToken('x', 'not-the-token')).status).toBe(403);
  });

  test('setSubject changes the sub claim', async () => {
    sim.setSubject('repo:octo-org/docs:environment:prod');
    expect(claims((await idToken('sts.amazonaws.com')).body.value!).sub).toBe(
      'repo:octo-org/docs:environment:prod',
    );
  });
});

describe('STS', () => {
  test('OIDC -> AssumeRoleWithWebIdentity -> StartDataSourceSyncJob', async () => {
    const jwt = (await idToken('sts.amazonaws.com')).body.value!;
    const out = await sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE,
        RoleSessionName: 'gha-1',
        WebIdentityToken: jwt,
      }),
    );
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials!.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(out.SubjectFromWebIdentityToken).toBe('repo:octo-org/docs:ref:refs/heads/main');
    expect(out.Audience).toBe('sts.amazonaws.com');
    expect(out.AssumedRoleUser).toMatchObject({
      Arn: 'arn:aws:sts::123456789012:assumed-role/kendra-sync/gha-1',
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]+:gha-1$/),
    });
    const c = out.Credentials!;
    const k = kendra({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    const { ExecutionId } = await k.send(
      new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }),
    );
    expect(ExecutionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.job(ExecutionId!)!.status).toBe('SYNCING');
    const rec = sim.requests.find((r) => r.action === 'StartDataSourceSyncJob')!;
    expect(rec).toMatchObject({
      service: 'kendra',
      status: 200,
      accessKeyId: c.AccessKeyId,
      region: REGION,
    });
    expect(sim.countOf('oidc')).toBe(1);
    expect(sim.countOf('sts', 'AssumeRoleWithWebIdentity')).toBe(1);
  });

  test('a token for another audience is an InvalidIdentityToken; a foreign subject is AccessDenied', async () => {
    // Real STS checks the OIDC provider's audiences (client IDs) before the trust policy.
    const wrongAud = (await idToken()).body.value!;
    await expect(webIdentity(ROLE, wrongAud)).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
      $metadata: { httpStatusCode: 400 },
    });
    sim.setSubject('repo:evil-org/docs:ref:refs/heads/main');
    await expect(webIdentity()).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(webIdentity('arn:aws:iam::123456789012:role/missing')).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  test('token checks: malformed, foreign, expired', async () => {
    await expect(webIdentity(ROLE, 'not-a-jwt')).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      $metadata: { httpStatusCode: 400 },
    });
    const good = (await idToken('sts.amazonaws.com')).body.value!;
    const forged = good.slice(0, good.lastIndexOf('.') + 1) + 'AAAA';
    await expect(webIdentity(ROLE, forged)).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
    });
    const expired = sim.mintIdToken({ lifetimeSeconds: -5 });
    await expect(webIdentity(ROLE, expired)).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: expect.stringMatching(
        /^Token expired: current date\/time \d+ must be before the expiration date\/time\d+$/,
      ),
    });
  });

  test('validation: session name, duration range, MaxSessionDuration', async () => {
    const jwt = (await idToken('sts.amazonaws.com')).body.value!;
    const call = (RoleSessionName: string, DurationSeconds?: number) =>
      sts().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE,
          RoleSessionName,
          WebIdentityToken: jwt,
          DurationSeconds,
        }),
      );
    await expect(call('a')).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("at 'roleSessionName' failed to satisfy constraint"),
    });
    await expect(call('bad name!')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(call('ok-name', 600)).rejects.toMatchObject({
      message: expect.stringContaining('Member must have value greater than or equal to 900'),
    });
    await expect(call('ok-name', 7200)).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    const out = await call('ok-name', 900);
    expect(out.Credentials!.Expiration!.getTime()).toBeLessThan(Date.now() + 901_000);
  });

  test('AssumeRole chaining from an IAM user key, with the 1 hour chaining limit', async () => {
    const user = sim.addUser('ci');
    expect(user.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const chainRole = 'arn:aws:iam::123456789012:role/hop';
    sim.addRole(chainRole, {
      allow: ['kendra:*', { action: 'sts:AssumeRole', resource: ROLE }],
      maxSessionDurationSeconds: 43200,
    });
    sim.addRole(ROLE, { maxSessionDurationSeconds: 43200 });

    const who = await sts(user).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Arn: user.arn, Account: '123456789012' });

    // A user's session is not chained: 2 hours is fine.
    const hop = await sts(user).send(
      new AssumeRoleCommand({ RoleArn: chainRole, RoleSessionName: 'hop', DurationSeconds: 7200 }),
    );
    const hopCreds = {
      accessKeyId: hop.Credentials!.AccessKeyId!,
      secretAccessKey: hop.Credentials!.SecretAccessKey!,
      sessionToken: hop.Credentials!.SessionToken!,
    };
    await expect(
      sts(hopCreds).send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'x2', DurationSeconds: 7200 }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const second = await sts(hopCreds).send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'x2' }),
    );
    expect(second.AssumedRoleUser!.Arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/kendra-sync/x2',
    );
    const c = second.Credentials!;
    const out = await kendra({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    }).send(new ListIndicesCommand({}));
    expect(out.IndexConfigurationSummaryItems!.map((i) => i.Name)).toEqual(['docs-index']);

    // A role without sts:AssumeRole cannot chain further.
    await expect(
      sts({
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      }).send(new AssumeRoleCommand({ RoleArn: chainRole, RoleSessionName: 'x3' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::123456789012:assumed-role/kendra-sync/x2 is not authorized to perform: sts:AssumeRole on resource: ${chainRole}`,
    });
  });

  test('signature failures: wrong secret, unknown key', async () => {
    const user = sim.addUser('ci');
    await expect(
      sts({ ...user, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(
      sts({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: user.secretAccessKey }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
  });

  test('credential lifetime: real expiry vs reported Expiration', async () => {
    sim.setCredentialLifetime(900, 3600);
    const jwt = (await idToken('sts.amazonaws.com')).body.value!;
    const out = await sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE,
        RoleSessionName: 's1',
        WebIdentityToken: jwt,
      }),
    );
    const exp = out.Credentials!.Expiration!.getTime();
    expect(exp).toBeGreaterThan(Date.now() + 3590_000);
  });
});

describe('SigV4 on Kendra', () => {
  test('accepts @smithy/signature-v4 and rejects tampered body, header, key, date', async () => {
    const user = sim.addUser('ci');
    const ok = await rawKendra(user, 'ListIndices', {});
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amzn-requestid']).toBeTruthy();

    const body = await rawKendra(user, 'ListIndices', {}, { body: '{"MaxResults":1}' });
    expect(body.status).toBe(400);
    expect(body.json.__type).toBe('InvalidSignatureException');
    expect(body.headers['x-amzn-errortype']).toMatch(/^InvalidSignatureException/);

    const hdr = await rawKendra(
      user,
      'ListIndices',
      {},
      { header: ['x-amz-target', 'AWSKendraFrontendService.ListDataSources'] },
    );
    expect(hdr.json.__type).toBe('InvalidSignatureException');

    const key = await rawKendra(
      { ...user, secretAccessKey: user.secretAccessKey.replace(/.$/, '#') },
      'ListIndices',
      {},
    );
    expect(key.json.__type).toBe('InvalidSignatureException');

    const old = await rawKendra(
      user,
      'ListIndices',
      {},
      { signingDate: new Date(Date.now() - 10 * 60_000) },
    );
    expect(old.json.__type).toBe('InvalidSignatureException');
    expect(old.json.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );

    const unknown = await rawKendra(
      { ...user, accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' },
      'ListIndices',
      {},
    );
    expect(unknown.json).toEqual({
      __type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  test('SDK sees UnrecognizedClientException, ExpiredTokenException, wrong session token', async () => {
    await expect(
      kendra({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x'.repeat(40) }).send(
        new ListIndicesCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    sim.setCredentialLifetime(0.3);
    const creds = await webIdentity();
    await kendra(creds).send(new ListIndicesCommand({}));
    await expect(
      kendra({ ...creds, sessionToken: 'forged' }).send(new ListIndicesCommand({})),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    await sleep(350);
    await expect(kendra(creds).send(new ListIndicesCommand({}))).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
  });
});

describe('Kendra', () => {
  test('authorization: AccessDeniedException naming principal, action and resource ARN', async () => {
    const limited = 'arn:aws:iam::123456789012:role/limited';
    sim.addRole(limited, { allow: ['kendra:List*'] });
    const creds = await webIdentity(limited);
    const k = kendra(creds);
    await k.send(new ListIndicesCommand({}));
    await k.send(new ListDataSourcesCommand({ IndexId: indexId }));
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message:
        `User: arn:aws:sts::123456789012:assumed-role/limited/kendra-sync-1 is not authorized to perform: ` +
        `kendra:StartDataSourceSyncJob on resource: arn:aws:kendra:us-east-1:123456789012:index/${indexId}/data-source/${dsId}` +
        ` because no identity-based policy allows the kendra:StartDataSourceSyncJob action`,
      $metadata: { httpStatusCode: 400 },
    });

    // StartDataSourceSyncJob needs both resource types: the index and the data source.
    const scoped = 'arn:aws:iam::123456789012:role/scoped';
    sim.addRole(scoped, {
      allow: [
        {
          action: 'kendra:StartDataSourceSyncJob',
          resource: `arn:aws:kendra:*:*:index/${indexId}/data-source/*`,
        },
        {
          action: 'kendra:StartDataSourceSyncJob',
          resource: `arn:aws:kendra:*:*:index/${indexId}`,
        },
      ],
    });
    const s = kendra(await webIdentity(scoped));
    await s.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }));
    await expect(s.send(new ListIndicesCommand({}))).rejects.toMatchObject({
      message: expect.stringContaining(
        'on resource: arn:aws:kendra:us-east-1:123456789012:index/*',
      ),
    });
  });

  test('validation and not-found errors', async () => {
    const k = kendra(sim.addUser('ci'));
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: 'short' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'short' at 'indexId' failed to satisfy constraint: Member must have length greater than or equal to 36",
    });
    await expect(
      k.send(new ListDataSourceSyncJobsCommand({ Id: '-bad', IndexId: indexId, MaxResults: 11 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^2 validation errors detected/),
    });
    await expect(
      k.send(new ListDataSourceSyncJobsCommand({ Id: dsId, IndexId: indexId, NextToken: 'bogus' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const missing = '00000000-0000-0000-0000-000000000000';
    await expect(k.send(new ListDataSourcesCommand({ IndexId: missing }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: expect.stringContaining(missing),
    });
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: 'nope', IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('ListIndices / ListDataSources page with NextToken', async () => {
    const k = kendra(sim.addUser('ci'));
    for (let i = 0; i < 4; i++) sim.addDataSource(indexId, { name: `ds-${i}`, type: 'S3' });
    const first = await k.send(new ListDataSourcesCommand({ IndexId: indexId, MaxResults: 3 }));
    expect(first.SummaryItems).toHaveLength(3);
    expect(first.SummaryItems![0]).toMatchObject({
      Name: 'website',
      Status: 'ACTIVE',
      LanguageCode: 'en',
    });
    expect(first.SummaryItems![0].CreatedAt).toBeInstanceOf(Date);
    const second = await k.send(
      new ListDataSourcesCommand({ IndexId: indexId, MaxResults: 3, NextToken: first.NextToken }),
    );
    expect(second.SummaryItems).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const idx = await k.send(new ListIndicesCommand({ MaxResults: 1 }));
    expect(idx.IndexConfigurationSummaryItems![0]).toMatchObject({
      Id: indexId,
      Edition: 'ENTERPRISE_EDITION',
      Status: 'ACTIVE',
    });
  });

  test('ResourceInUseException while a job runs', async () => {
    const k = kendra(sim.addUser('ci'));
    await k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }));
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: expect.stringContaining('website'),
    });
  });

  test('jobs progress to their scripted outcome, metrics as strings', async () => {
    const k = kendra(sim.addUser('ci'));
    sim.scriptJobs(indexId, dsId, {
      status: 'INCOMPLETE',
      syncingMs: 300,
      indexingMs: 300,
      metrics: { added: 100, modified: 10, deleted: 2, failed: 7, scanned: 120 },
      errorMessage: '7 documents failed',
    });
    const { ExecutionId } = await k.send(
      new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }),
    );
    const list = async () =>
      (
        await k.send(new ListDataSourceSyncJobsCommand({ Id: dsId, IndexId: indexId }))
      ).History!.find((j) => j.ExecutionId === ExecutionId)!;
    const a = await list();
    expect(a.Status).toBe('SYNCING');
    expect(a.EndTime).toBeUndefined();
    await sleep(450);
    const b = await list();
    expect(b.Status).toBe('SYNCING_INDEXING');
    expect(b.Metrics!.DocumentsScanned).toBe('120');
    expect(Number(b.Metrics!.DocumentsAdded)).toBeGreaterThan(0);
    expect(Number(b.Metrics!.DocumentsAdded)).toBeLessThan(100);
    await sleep(250);
    const c = await list();
    expect(c).toMatchObject({
      Status: 'INCOMPLETE',
      ErrorMessage: '7 documents failed',
      Metrics: {
        DocumentsAdded: '100',
        DocumentsModified: '10',
        DocumentsDeleted: '2',
        DocumentsFailed: '7',
        DocumentsScanned: '120',
      },
    });
    expect(c.EndTime!.getTime() - c.StartTime!.getTime()).toBeGreaterThanOrEqual(599);
    // The next job falls back on the default outcome.
    sim.setDefaultJob({ status: 'FAILED', syncingMs: 0, indexingMs: 0 });
    const next = await k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }));
    expect(sim.job(next.ExecutionId!)).toMatchObject({
      status: 'FAILED',
      errorCode: 'InternalError',
    });
  });

  test('Stop -> STOPPING -> ABORTED; Stop without a running job is a ValidationException', async () => {
    const k = kendra(sim.addUser('ci'));
    sim.scriptJobs(indexId, dsId, { syncingMs: 5000, stoppingMs: 200 });
    const { ExecutionId } = await k.send(
      new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }),
    );
    await k.send(new StopDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId }));
    expect(sim.job(ExecutionId!)).toMatchObject({ status: 'STOPPING', stopRequested: true });
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
    await sleep(250);
    const h = await k.send(
      new ListDataSourceSyncJobsCommand({ Id: dsId, IndexId: indexId, StatusFilter: 'ABORTED' }),
    );
    expect(h.History!.map((j) => j.ExecutionId)).toEqual([ExecutionId]);
    expect(h.History![0].EndTime).toBeInstanceOf(Date);
    await expect(
      k.send(new StopDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  test('history: 25 jobs in arbitrary order, 10 per page, StartTimeFilter', async () => {
    const k = kendra(sim.addUser('ci'));
    sim.addHistory(indexId, dsId, 25);
    const pages: DataSourceSyncJob[][] = [];
    let token: string | undefined;
    do {
      const out: ListDataSourceSyncJobsCommandOutput = await k.send(
        new ListDataSourceSyncJobsCommand({
          Id: dsId,
          IndexId: indexId,
          MaxResults: 10,
          NextToken: token,
        }),
      );
      pages.push(out.History!);
      token = out.NextToken;
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const all = pages.flat();
    expect(new Set(all.map((j) => j.ExecutionId)).size).toBe(25);
    const times = all.map((j) => j.StartTime!.getTime());
    expect(times).not.toEqual([...times].sort((x, y) => y - x));
    expect(times).not.toEqual([...times].sort((x, y) => x - y));
    expect(new Set(all.map((j) => j.Status)).size).toBeGreaterThan(2);

    const sorted = [...times].sort((x, y) => x - y);
    const [from, to] = [new Date(sorted[5]), new Date(sorted[14])];
    let filtered: DataSourceSyncJob[] = [];
    token = undefined;
    do {
      const out: ListDataSourceSyncJobsCommandOutput = await k.send(
        new ListDataSourceSyncJobsCommand({
          Id: dsId,
          IndexId: indexId,
          StartTimeFilter: { StartTime: from, EndTime: to },
          NextToken: token,
        }),
      );
      filtered = filtered.concat(out.History!);
      token = out.NextToken;
    } while (token);
    expect(filtered).toHaveLength(10);
    expect(filtered.every((j) => j.StartTime! >= from && j.StartTime! <= to)).toBe(true);
  });

  test('addJob: a pre-existing running job blocks a new start', async () => {
    const k = kendra(sim.addUser('ci'));
    const id = sim.addJob(indexId, dsId, {
      status: 'SYNCING',
      startTime: new Date(Date.now() - 60_000),
      script: { syncingMs: 5000 },
    });
    await expect(
      k.send(new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
    expect(sim.jobs(indexId, dsId).map((j) => j.executionId)).toEqual([id]);
  });
});

describe('faults', () => {
  test('error: Kendra ThrottlingException and STS Throttling by default, times caps it', async () => {
    const user = sim.addUser('ci');
    const k = kendra(user);
    sim.fault({ service: 'kendra', action: 'ListIndices', kind: 'error', times: 1 });
    await expect(k.send(new ListIndicesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await k.send(new ListIndicesCommand({}));
    sim.fault({ service: 'kendra', kind: 'error', status: 500, times: 1 });
    await expect(k.send(new ListIndicesCommand({}))).rejects.toMatchObject({
      name: 'InternalServerException',
    });
    sim.fault({ service: 'sts', kind: 'error', times: 1 });
    await expect(sts(user).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
    });
    sim.fault({ service: 'oidc', kind: 'error', status: 503, times: 1 });
    expect((await idToken('sts.amazonaws.com')).status).toBe(503);
    expect(sim.requests.filter((r) => r.fault === 'error')).toHaveLength(4);
  });

  test('every: 2 hits the 1st, 3rd, 5th matching request', async () => {
    const k = kendra(sim.addUser('ci'));
    sim.fault({ service: 'kendra', action: 'ListIndices', kind: 'error', every: 2 });
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      results.push(
        await k.send(new ListIndicesCommand({})).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    expect(results).toEqual([
      'ThrottlingException',
      'ok',
      'ThrottlingException',
      'ok',
      'ThrottlingException',
    ]);
  });

  test('hang: request read, never answered; the client times out', async () => {
    // Note: without throwOnRequestTimeout, @smithy/node-http-handler 4.x only warns on requestTimeout.
    const handler = new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true });
    const k = kendra(sim.addUser('ci'), { requestHandler: handler });
    sim.fault({ service: 'kendra', kind: 'hang', times: 1 });
    const t0 = Date.now();
    await expect(k.send(new ListIndicesCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(sim.requests.at(-1)).toMatchObject({
      service: 'kendra',
      action: 'ListIndices',
      fault: 'hang',
      status: 0,
    });
    await k.send(new ListIndicesCommand({}));
  });

  test('reset and malformed', async () => {
    const user = sim.addUser('ci');
    const k = kendra(user);
    sim.fault({ service: 'kendra', action: 'ListIndices', kind: 'reset', times: 1 });
    await expect(k.send(new ListIndicesCommand({}))).rejects.toThrow(/socket hang up/);
    sim.fault({ service: 'kendra', action: 'ListIndices', kind: 'malformed', times: 1 });
    await expect(k.send(new ListIndicesCommand({}))).rejects.toThrow(/Deserialization error/);
    sim.fault({ service: 'sts', kind: 'malformed', times: 1 });
    await expect(sts(user).send(new GetCallerIdentityCommand({}))).rejects.toThrow(
      /XML parse error/,
    );
    await k.send(new ListIndicesCommand({}));
    expect(sim.requests.map((r) => r.fault ?? '-')).toEqual([
      'reset',
      'malformed',
      'malformed',
      '-',
    ]);
    expect(sim.requests[1]).toMatchObject({ status: 200, accessKeyId: user.accessKeyId });
  });

  test('delay and latency; maxInFlight sees concurrency', async () => {
    const k = kendra(sim.addUser('ci'));
    sim.fault({ service: 'kendra', kind: 'delay', delayMs: 250, times: 1 });
    let t0 = Date.now();
    await k.send(new ListIndicesCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    sim.setLatency(150);
    t0 = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => k.send(new ListIndicesCommand({}))));
    expect(Date.now() - t0).toBeLessThan(550);
    expect(sim.maxInFlight('kendra')).toBe(4);
    expect(sim.maxInFlight('sts')).toBe(0);
  });
});

test('issuedSecrets lists every secret handed out, never access key ids', async () => {
  const user = sim.addUser('ci');
  const jwt = (await idToken('sts.amazonaws.com')).body.value!;
  const creds = await webIdentity(ROLE, jwt);
  const secrets = sim.issuedSecrets();
  for (const s of [
    sim.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    jwt,
    user.secretAccessKey,
    creds.secretAccessKey,
    creds.sessionToken!,
  ]) {
    expect(secrets).toContain(s);
  }
  expect(secrets).not.toContain(user.accessKeyId);
  expect(secrets).not.toContain(creds.accessKeyId);
});

// botocore (AWS CLI v1) signs differently from the JS SDK; run it when it is installed.
const run = promisify(execFile);
const haveAwsCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
(haveAwsCli ? test : test.skip)(
  'botocore: aws sts assume-role + aws kendra calls with session credentials',
  async () => {
    const user = sim.addUser('cli');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_DEFAULT_REGION: REGION,
    };
    const aws = async (args: string[], creds: Creds) =>
      JSON.parse(
        (
          await run('aws', ['--endpoint-url', sim.url, '--output', 'json', ...args], {
            env: {
              ...env,
              AWS_ACCESS_KEY_ID: creds.accessKeyId,
              AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
              ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
            },
          })
        ).stdout,
      );
    const assumed = await aws(
      ['sts', 'assume-role', '--role-arn', ROLE, '--role-session-name', 'cli'],
      user,
    );
    const c = assumed.Credentials;
    const session = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    const started = await aws(
      ['kendra', 'start-data-source-sync-job', '--index-id', indexId, '--id', dsId],
      session,
    );
    expect(sim.job(started.ExecutionId)!.status).toBe('SYNCING');
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  },
  20_000,
);

describe('fidelity to the Kendra and STS models', () => {
  const arn = (suffix: string, region = REGION) =>
    `arn:aws:kendra:${region}:123456789012:${suffix}`;
  const roleWith = async (name: string, opts: Parameters<Simulator['addRole']>[1]) => {
    const roleArn = `arn:aws:iam::123456789012:role/${name}`;
    sim.addRole(roleArn, opts);
    return kendra(await webIdentity(roleArn));
  };
  const start = () => new StartDataSourceSyncJobCommand({ Id: dsId, IndexId: indexId });

  test('IAM: the sync-job actions need the index and the data source allowed', async () => {
    const dsOnly = await roleWith('ds-only', {
      allow: [{ action: 'kendra:*', resource: arn(`index/${indexId}/data-source/${dsId}`) }],
    });
    await expect(dsOnly.send(start())).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`on resource: ${arn(`index/${indexId}`)} because`),
      $metadata: { httpStatusCode: 400 },
    });
    const indexOnly = await roleWith('index-only', {
      allow: [{ action: 'kendra:*', resource: arn(`index/${indexId}`) }],
    });
    await expect(indexOnly.send(start())).rejects.toMatchObject({
      message: expect.stringContaining(
        `on resource: ${arn(`index/${indexId}/data-source/${dsId}`)}`,
      ),
    });
    // ListDataSources and DescribeIndex are on the index alone.
    await indexOnly.send(new ListDataSourcesCommand({ IndexId: indexId }));
    await indexOnly.send(new DescribeIndexCommand({ Id: indexId }));
    // `?` and `*` work as in IAM; the policy may come as IAM JSON.
    const both = await roleWith('both', {
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['kendra:StartDataSourceSyncJob', 'kendra:ListDataSourceSyncJobs'],
            Resource: [
              `arn:aws:kendra:us-east-?:123456789012:index/${indexId}`,
              `arn:aws:kendra:*:123456789012:index/${indexId}/data-source/*`,
            ],
          },
        ],
      },
    });
    await both.send(start());
    await both.send(new ListDataSourceSyncJobsCommand({ Id: dsId, IndexId: indexId }));
  });

  test('IAM: ListIndices is allowed only by a statement on "*"; an explicit Deny wins', async () => {
    const wildcardIndex = await roleWith('index-wildcard', {
      allow: [{ action: 'kendra:ListIndices', resource: arn('index/*') }],
    });
    await expect(wildcardIndex.send(new ListIndicesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('kendra:ListIndices'),
    });
    const star = await roleWith('star', { allow: ['kendra:ListIndices'] });
    await star.send(new ListIndicesCommand({}));

    const denied = await roleWith('denied', {
      allow: [
        'kendra:*',
        {
          effect: 'Deny',
          action: 'kendra:Start*',
          resource: arn(`index/${indexId}/data-source/*`),
        },
      ],
    });
    await expect(denied.send(start())).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/with an explicit deny in an identity-based policy$/),
    });
    await denied.send(new ListDataSourceSyncJobsCommand({ Id: dsId, IndexId: indexId }));
  });

  test('Regions: an index lives in its Region; requests signed for another do not find it', async () => {
    const euIndex = sim.addIndex({ name: 'eu-index', region: 'eu-west-1' });
    const euDs = sim.addDataSource(euIndex, { name: 'eu-site', type: 'S3' });
    const user = sim.addUser('regions');
    const us = kendra(user);
    const eu = kendra(user, { region: 'eu-west-1' });
    const names = async (k: KendraClient) =>
      (await k.send(new ListIndicesCommand({}))).IndexConfigurationSummaryItems!.map((i) => i.Name);
    expect(await names(us)).toEqual(['docs-index']);
    expect(await names(eu)).toEqual(['eu-index']);
    await expect(us.send(new DescribeIndexCommand({ Id: euIndex }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Index ${euIndex} does not exist.`,
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      us.send(new StartDataSourceSyncJobCommand({ Id: euDs, IndexId: euIndex })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(eu.send(new ListDataSourcesCommand({ IndexId: indexId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const described = await eu.send(new DescribeDataSourceCommand({ Id: euDs, IndexId: euIndex }));
    expect(described).toMatchObject({ Id: euDs, IndexId: euIndex, Name: 'eu-site', Type: 'S3' });
    expect((await eu.send(new DescribeIndexCommand({ Id: euIndex }))).Name).toBe('eu-index');
  });

  test('awsJson strictness: wrong JSON types and unknown members are SerializationException', async () => {
    const user = sim.addUser('strict');
    const typeOf = (r: { body: string }) => (JSON.parse(r.body) as { __type: string }).__type;
    for (const input of [
      { MaxResults: '5' },
      { MaxResults: 5.5 },
      { NextToken: 42 },
      { Unknown: 1 },
    ]) {
      const r = await rawCall(sim.url, user, 'ListIndices', input);
      expect([input, r.status, typeOf(r)]).toEqual([input, 400, 'SerializationException']);
    }
    for (const StartTimeFilter of ['2026-01-01', { StartTime: 'yesterday' }, { Since: 1 }]) {
      const r = await rawCall(sim.url, user, 'ListDataSourceSyncJobs', {
        IndexId: indexId,
        Id: dsId,
        StartTimeFilter,
      });
      expect([StartTimeFilter, r.status, typeOf(r)]).toEqual([
        StartTimeFilter,
        400,
        'SerializationException',
      ]);
    }
    // Kendra picks the protocol by Content-Type: anything but awsJson 1.1 names no operation.
    const wrongType = await rawCall(
      sim.url,
      user,
      'ListIndices',
      {},
      { contentType: 'application/json' },
    );
    expect([wrongType.status, typeOf(wrongType)]).toEqual([400, 'UnknownOperationException']);
    const charset = await rawCall(
      sim.url,
      user,
      'ListIndices',
      {},
      {
        contentType: 'application/x-amz-json-1.1; charset=utf-8',
      },
    );
    expect(charset.status).toBe(200);
  });

  test('validation names every member in AWS style, several at once', async () => {
    const r = await rawCall(sim.url, sim.addUser('v'), 'ListDataSourceSyncJobs', {
      IndexId: 'x',
      MaxResults: 11,
      StatusFilter: 'RUNNING',
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({
      __type: 'ValidationException',
      Message:
        "4 validation errors detected: Value null at 'id' failed to satisfy constraint: Member must not be null; " +
        "Value 'x' at 'indexId' failed to satisfy constraint: Member must have length greater than or equal to 36; " +
        "Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10; " +
        "Value 'RUNNING' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: " +
        '[FAILED, SUCCEEDED, SYNCING, INCOMPLETE, STOPPING, ABORTED, SYNCING_INDEXING]',
    });
  });

  test('status codes: Kendra InternalServerException 500, STS AccessDenied 403, InvalidIdentityToken 400', async () => {
    sim.fault({ service: 'kendra', kind: 'error', code: 'InternalServerException', times: 1 });
    const r = await rawCall(sim.url, sim.addUser('s'), 'ListIndices', {});
    expect(r.status).toBe(500);
    const denied = await rawSts(sim.url, {
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: 'arn:aws:iam::123456789012:role/missing',
      RoleSessionName: 'x1',
      WebIdentityToken: sim.mintIdToken(),
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('<Code>AccessDenied</Code>');
    const audience = await rawSts(sim.url, {
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: ROLE,
      RoleSessionName: 'x1',
      WebIdentityToken: sim.mintIdToken({ audience: 'api://other' }),
    });
    expect(audience.status).toBe(400);
    expect(audience.body).toContain('<Code>InvalidIdentityToken</Code>');
    expect(audience.body).toContain('<Message>Incorrect token audience</Message>');
  });

  test('seeds use the model enums: a data source type the model lacks is refused', () => {
    expect(() => sim.addDataSource(indexId, { name: 'x', type: 'WEBCRAWLERV2' })).toThrow(
      /type WEBCRAWLERV2 is not one of S3, SHAREPOINT/,
    );
    expect(() => sim.addIndex({ name: 'x', status: 'READY' })).toThrow(/status READY/);
    expect(sim.addDataSource(indexId, { name: 'web', type: 'WEBCRAWLER' })).toBeTruthy();
    expect(() => sim.scriptJobs(indexId, dsId, { status: 'FAILED', errorCode: 'Timeout' })).toThrow(
      /errorCode Timeout is not one of InternalError, InvalidRequest/,
    );
  });
});

// The floor: the least a Node process must do for the action's happy path, with the standard
// library only. Same three requests as the bundle (OIDC token, STS AssumeRoleWithWebIdentity, the
// start call signed with SigV4: Kendra StartDataSourceSyncJob, or Bedrock StartIngestionJob when
// the inputs name a knowledge base), same inputs, same output line.
// Benchmark only: hand-written SigV4 has no place in src/.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: no ESM loader cost */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');

const env = process.env;
const input = (name) => (env[`INPUT_${name.toUpperCase()}`] || '').trim();

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // A connection per request: in production the three endpoints are three different hosts.
    // node:https (TLS) only loads when an endpoint needs it, as in the bundle.
    const req = (u.protocol === 'http:' ? http : require('node:https')).request(
      u,
      { method, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          res.statusCode >= 200 && res.statusCode < 300
            ? resolve(text)
            : reject(new Error(`${method} ${u.host}: HTTP ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const xmlText = (xml, tag) => {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m) throw new Error(`STS answer without <${tag}>`);
  return m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
};

function endpoint(service, region) {
  const specific = env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`];
  return specific || env.AWS_ENDPOINT_URL || `https://${service}.${region}.amazonaws.com`;
}

/** SigV4 headers (header form) for a JSON request; `path` needs no escaping (IDs only). */
function signedHeaders(method, url, path, region, service, extra, body, creds) {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers = {
    ...extra,
    host: new URL(url).host,
    'x-amz-date': amzDate,
    'x-amz-security-token': creds.sessionToken,
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    method,
    path,
    '',
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${creds.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, ` +
    `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

async function main() {
  const region = input('aws-region') || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const audience = input('audience') || 'sts.amazonaws.com';

  // 1. The job's OIDC token.
  const tokenUrl = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  tokenUrl.searchParams.set('audience', audience);
  const token = JSON.parse(
    await request(tokenUrl, {
      headers: {
        authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
        accept: 'application/json',
      },
    }),
  ).value;
  console.log(`::add-mask::${token}`);

  // 2. STS AssumeRoleWithWebIdentity (awsQuery, unsigned).
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: input('role-to-assume'),
    RoleSessionName: input('role-session-name'),
    DurationSeconds: input('role-duration-seconds') || '900',
    WebIdentityToken: token,
  }).toString();
  const xml = await request(endpoint('sts', region), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form,
  });
  const creds = {
    accessKeyId: xmlText(xml, 'AccessKeyId'),
    secretAccessKey: xmlText(xml, 'SecretAccessKey'),
    sessionToken: xmlText(xml, 'SessionToken'),
  };
  for (const secret of Object.values(creds)) console.log(`::add-mask::${secret}`);

  // 3. The start call, signed with SigV4.
  const ExecutionId = input('knowledge-base-id')
    ? await startIngestionJob(region, creds)
    : await startDataSourceSyncJob(region, creds);

  // The output, written the way @actions/core writes it.
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  fs.appendFileSync(
    env.GITHUB_OUTPUT,
    `execution-id<<${delimiter}\n${ExecutionId}\n${delimiter}\n`,
  );
  console.log(`Started sync job ${ExecutionId}.`);
}

/** Kendra StartDataSourceSyncJob: awsJson1_1, a POST to `/`. */
async function startDataSourceSyncJob(region, creds) {
  const url = endpoint('kendra', region);
  const body = JSON.stringify({ Id: input('data-source-id'), IndexId: input('index-id') });
  const headers = signedHeaders(
    'POST',
    url,
    '/',
    region,
    'kendra',
    {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSKendraFrontendService.StartDataSourceSyncJob',
    },
    body,
    creds,
  );
  return JSON.parse(await request(url, { method: 'POST', headers, body })).ExecutionId;
}

/** Bedrock StartIngestionJob: restJson1, a PUT answered 202, signing name `bedrock`. */
async function startIngestionJob(region, creds) {
  const base =
    env.AWS_ENDPOINT_URL_BEDROCK_AGENT ||
    env.AWS_ENDPOINT_URL ||
    `https://bedrock-agent.${region}.amazonaws.com`;
  const [kb, ds] = [input('knowledge-base-id'), input('data-source-id')];
  const path = `/knowledgebases/${kb}/datasources/${ds}/ingestionjobs/`;
  const url = new URL(path, base).href;
  // Idempotent per run attempt, job, step and data source, as the contract asks (64 hex chars).
  const clientToken = sha256(
    [
      env.GITHUB_REPOSITORY,
      env.GITHUB_RUN_ID,
      env.GITHUB_RUN_ATTEMPT,
      env.GITHUB_JOB,
      env.GITHUB_ACTION,
      kb,
      ds,
    ].join('/'),
  );
  const description = `${env.GITHUB_REPOSITORY} ${env.GITHUB_SHA || ''} run ${env.GITHUB_RUN_ID}`;
  const body = JSON.stringify({ clientToken, description: description.slice(0, 200) });
  const headers = signedHeaders(
    'PUT',
    url,
    path,
    region,
    'bedrock',
    {
      'content-type': 'application/json',
    },
    body,
    creds,
  );
  return JSON.parse(await request(url, { method: 'PUT', headers, body })).ingestionJob
    .ingestionJobId;
}

main().catch((error) => {
  console.log(`::error::${String(error && error.message).replace(/\n/g, '%0A')}`);
  process.exitCode = 1;
});

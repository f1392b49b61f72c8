import { withRequestId } from './diagnostics.js';
import { endpointOf, partitionOf, STS } from './endpoints.js';
import { ActionError, InputError, asAwsError, networkFailure } from '../errors.js';
import {
  AwsCallError,
  type CallContext,
  type ErrorDetails,
  type ServiceExplainer,
} from './call-error.js';
import { REQUEST_TIMEOUT_MS } from './network.js';
import { clause } from '../base/text.js';

/**
 * The one place that turns failures into the user's terms: what the action was doing, what AWS
 * said, and what to change.
 */
export function explain(error: unknown): string {
  if (error instanceof InputError || error instanceof ActionError) return error.message;
  if (error instanceof AwsCallError) {
    // The request ID is what AWS Support asks for: every AWS error the step reports names it.
    return withRequestId(explainAwsCall(error.context, error.cause, error.explainer), error);
  }
  return error instanceof Error ? error.message : String(error);
}

function explainAwsCall(
  context: CallContext,
  cause: unknown,
  explainer: ServiceExplainer | undefined,
): string {
  const {
    name: sdkName = 'Error',
    message: sdkMessage = String(cause),
    code,
    $metadata,
  } = asAwsError(cause);
  // A reply the SDK could not parse comes as a plain Error with a hint for developers appended.
  const unreadable = DESERIALIZATION_HINT.test(sdkMessage);
  const name = unreadable && !malformed(sdkName) ? 'DeserializationError' : sdkName;
  // The explanations add their own full stops.
  const message = clause(sdkMessage.replace(DESERIALIZATION_HINT, ''));
  const attempts = $metadata?.attempts ?? 1;
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  const said = `${name}: ${message}`;
  const network = explainNetwork(context, code, name, after);
  if (network) return network;
  return context.service === STS
    ? explainSts(context, name, message, said, after)
    : explainServiceCall(context, { name, message, said, after }, explainer);
}

function explainNetwork(
  context: CallContext,
  code: string | undefined,
  name: string,
  after: string,
): string | undefined {
  const where = `${context.service.label} at ${endpointOf(context.service, context.region)}`;
  const doing = `${context.operation} failed`;
  switch (networkFailure({ code, name })?.failure) {
    case 'refused':
      return `${doing}: could not connect to ${where}: connection refused${after}.`;
    case 'unresolved':
      return `${doing}: the host name of ${where} did not resolve${after}. Check aws-region and any AWS_ENDPOINT_URL settings.`;
    case 'dropped':
      return `${doing}: ${where} dropped the connection${after}.`;
    case 'timed-out':
      return `${doing}: no answer from ${where} within ${REQUEST_TIMEOUT_MS / 1000} s${after}. Check the runner's network access to AWS (and HTTPS_PROXY / NO_PROXY).`;
    default:
      return undefined;
  }
}

function explainSts(
  context: CallContext,
  name: string,
  message: string,
  said: string,
  after: string,
): string {
  const role = context.roleArn ?? 'the role';
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(role)?.[1] ?? '<account-id>';
  const partition = partitionOf(context.region);
  const webIdentity = context.operation === 'AssumeRoleWithWebIdentity';
  const prefix = webIdentity
    ? `Could not assume role ${role} with the job's OIDC token`
    : `Could not assume role ${role} with the AWS credentials in the environment`;
  const provider = `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  switch (name) {
    case 'AccessDenied':
    case 'IDPRejectedClaim':
    case 'IDPRejectedClaimException':
      return webIdentity
        ? `${prefix}: ${said}. Check the role's trust policy: it must allow sts:AssumeRoleWithWebIdentity for the Federated principal ${provider}, ` +
            `with "token.actions.githubusercontent.com:aud" equal to "${context.audience ?? 'sts.amazonaws.com'}" (the audience input) ` +
            `and "token.actions.githubusercontent.com:sub" matching "${context.subject ?? 'repo:<owner>/<repo>:...'}" (this job's subject).`
        : `${prefix}: ${said}. The role's trust policy must allow sts:AssumeRole for that principal, and the principal's own policy must allow sts:AssumeRole on ${role}.`;
    case 'InvalidIdentityToken':
    case 'InvalidIdentityTokenException': // the SDK's name for it
      return `${prefix}: STS rejected the token: ${message}. Check that the IAM OIDC identity provider ${provider} exists in account ${account}, with "${context.audience ?? 'sts.amazonaws.com'}" in its audiences (the audience input).`;
    case 'ExpiredTokenException':
      return `${prefix}: ${said}. The token expired before STS saw it; check the runner's clock.`;
    case 'IDPCommunicationError':
    case 'IDPCommunicationErrorException':
      return `${prefix}: STS could not reach GitHub's OIDC provider${after}: ${message}. Try again later.`;
    case 'ValidationError':
      if (/DurationSeconds/i.test(message)) {
        return `${prefix}: ${said}. Lower role-duration-seconds to at most the role's maximum session duration (1 hour unless raised; role chaining is always limited to 1 hour), or raise the role's MaxSessionDuration. Waits longer than the session still finish: credentials are refreshed.`;
      }
      return `${prefix}: ${said}.`;
    case 'RegionDisabledException':
      return `${prefix}: ${said}. Activate STS in region ${context.region} (IAM console, Account settings), or use another aws-region.`;
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return `${prefix}: ${said}. The credentials in the environment are not valid; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the step that set them).`;
    case 'Throttling':
      return `${prefix}: STS kept throttling the request${after}. Try again later, or raise AWS_MAX_ATTEMPTS.`;
    default:
      return otherwise(prefix, 'STS', name, said, after);
  }
}

/** The advice that holds for any service's call (Kendra, Bedrock, CloudWatch Logs). */
function explainServiceCall(
  context: CallContext,
  details: ErrorDetails,
  explainer: ServiceExplainer | undefined,
): string {
  const { label } = context.service;
  const { name, message, said, after } = details;
  const prefix = `${label} ${context.operation} failed for ${explainer?.where(context) ?? `region ${context.region}`}`;
  const specific = explainer?.specific(context, details, prefix);
  if (specific) return specific;
  switch (name) {
    case 'CredentialsProviderError':
      return `${prefix}: no AWS credentials were found (${message}). Set role-to-assume (and give the job \`permissions: id-token: write\`), or configure credentials in an earlier step, e.g. with aws-actions/configure-aws-credentials.`;
    case 'AccessDeniedException': {
      const action = explainer?.iamAction(context.operation) ?? context.operation;
      const principal = /User:\s*(\S+)/.exec(message)?.[1] ?? context.principal;
      const needed = explainer?.resources({ ...context, principal }) ?? ['*'];
      const denied = /on resource:\s*(\S+)/.exec(message)?.[1] ?? needed.join(' and ');
      return (
        `Access denied: ${principal ? `${principal} is` : 'the credentials are'} not allowed to call ${action} on ${denied}. ` +
        `Allow "${action}" on ${needed.map((arn) => `"${arn}"`).join(' and ')} in the permissions policy of ${context.principal ? 'the assumed role' : 'the identity in use'}.`
      );
    }
    case 'ValidationException':
      return `${prefix}: ${label} rejected the request: ${message}.`;
    case 'ThrottlingException':
      return `${prefix}: ${label} kept throttling the request${after}. Try again later, sync fewer data sources per step, or raise AWS_MAX_ATTEMPTS.`;
    case 'InternalServerException':
      return `${prefix}: ${label} had an internal error${after}: ${message}. Try again later.`;
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return `${prefix}: ${said}. The AWS credentials were not accepted; check the credentials (or role-to-assume) and the runner's clock.`;
    case 'ExpiredTokenException':
      return context.principal
        ? `${prefix}: ${said}. The assumed role's credentials expired, even after a refresh; check the runner's clock.`
        : `${prefix}: ${said}. The AWS credentials in the environment expired; this action refreshes only credentials it gets itself, so give it role-to-assume for long waits.`;
    default:
      return otherwise(prefix, label, name, said, after);
  }
}

const DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response[^]*$/;

/** Errors with no advice of their own: a reply that could not be parsed, or AWS's words as they are. */
function otherwise(
  prefix: string,
  service: string,
  name: string,
  said: string,
  after: string,
): string {
  return malformed(name)
    ? `${prefix}: ${service} sent an answer that could not be read${after} (${said}).`
    : `${prefix}: ${said}${after ? ` (${after.trim()})` : ''}.`;
}

/** The SDK's names for a reply it could not parse. */
function malformed(name: string): boolean {
  return name === 'SyntaxError' || /Deserializ|Parse/i.test(name);
}

import { InputError } from '../errors.js';

/** The inputs that say how to get credentials (inputs.ts reads and checks them). */
export interface CredentialInputs {
  /** IAM role ARN; undefined means "use the credentials already in the environment". */
  roleToAssume?: string;
  audience: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  region: string;
}

/** Where the service calls' credentials come from, in the contract's order of preference. */
export type CredentialSource =
  | { kind: 'web-identity'; roleArn: string }
  | { kind: 'chain'; roleArn: string }
  | { kind: 'ambient' };

export function chooseCredentialSource(
  inputs: Pick<CredentialInputs, 'roleToAssume'>,
  env: NodeJS.ProcessEnv,
): CredentialSource {
  const roleArn = inputs.roleToAssume;
  if (!roleArn) return { kind: 'ambient' };
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    return { kind: 'web-identity', roleArn };
  }
  if ((env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_PROFILE) {
    return { kind: 'chain', roleArn };
  }
  throw new InputError([
    `Input 'role-to-assume' is ${JSON.stringify(roleArn)}, but this job has no OIDC token to ` +
      'assume it with and no AWS credentials to chain from. Add `permissions: id-token: write` ' +
      "to the job (or workflow) so GitHub issues one; note that pull requests from forks don't " +
      'get a token.',
  ]);
}

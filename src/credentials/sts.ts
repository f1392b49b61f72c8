// The STS calls, behind the one seam that loads the STS client (credentials.ts imports this
// lazily, so the token request is on the wire before the SDK loads).
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts';
import { endpointOf, STS } from '../aws/endpoints.js';
import { traced } from '../aws/diagnostics.js';
import { AwsCallError } from '../aws/call-error.js';
import { clientConfig } from '../aws/sdk-client.js';
import { offlineConfig, warmUp } from '../aws/warm-up.js';

export interface AssumeRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  /** With a token: AssumeRoleWithWebIdentity; without: AssumeRole with ambient credentials. */
  webIdentityToken?: string;
  /** For error messages: the token's audience and subject. */
  audience: string;
  subject?: string;
}

export interface AssumedRole {
  credentials?: StsCredentials;
  assumedRoleArn?: string;
}

export class Sts {
  private constructor(
    private readonly client: STSClient,
    private readonly region: string,
  ) {}

  /** `onSent` hears when the first STS request is on the wire. */
  static async open(region: string, onSent?: () => void): Promise<Sts> {
    const client = new STSClient(await clientConfig(endpointOf(STS, region), region, onSent));
    warmUp(
      new STSClient(offlineConfig(region)),
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/warm-up',
        RoleSessionName: 'warm-up',
        WebIdentityToken: 'warm.up.token',
      }),
    );
    return new Sts(client, region);
  }

  async assume(request: AssumeRequest): Promise<AssumedRole> {
    const params = {
      RoleArn: request.roleArn,
      RoleSessionName: request.roleSessionName,
      DurationSeconds: request.durationSeconds,
    };
    const token = request.webIdentityToken;
    const operation = token ? 'AssumeRoleWithWebIdentity' : 'AssumeRole';
    try {
      const output = await traced(STS, operation, () =>
        token
          ? this.client.send(
              new AssumeRoleWithWebIdentityCommand({ ...params, WebIdentityToken: token }),
            )
          : this.client.send(new AssumeRoleCommand(params)),
      );
      return { credentials: output.Credentials, assumedRoleArn: output.AssumedRoleUser?.Arn };
    } catch (error) {
      throw new AwsCallError(
        {
          service: STS,
          operation,
          region: this.region,
          roleArn: request.roleArn,
          audience: request.audience,
          subject: request.subject,
        },
        error,
      );
    }
  }

  close(): void {
    this.client.destroy();
  }
}

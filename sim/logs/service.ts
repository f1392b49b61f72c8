// CloudWatch Logs as the server sees it: which requests are its (X-Amz-Target), and its fault
// answers in awsJson1_1.
import type { Credential } from '../core/identities.js';
import { faultAnswer } from '../core/faults.js';
import { JSON_CONTENT_TYPE } from '../core/protocol.js';
import type { SimService } from '../core/service.js';
import { uuid } from '../core/util.js';
import { Logs, logsError } from './handler.js';
import type { LogsState } from './state.js';

export function logsService(
  state: LogsState,
  account: string,
  credentials: (accessKeyId: string) => Credential | undefined,
): SimService {
  const logs = new Logs(state, account, credentials);
  return {
    name: 'logs',
    signingName: 'logs',
    identify: (call) => Logs.operationOf(call) || undefined,
    handle: (call) => logs.handle(call),
    // ThrottlingException unless told otherwise, 5xx as ServiceUnavailableException.
    faultError: (rule) => {
      const { code, message } = faultAnswer(rule, {
        server: 'ServiceUnavailableException',
        throttling: 'ThrottlingException',
        serverMessage: 'The service is unavailable. Try again later.',
      });
      return logsError(code, message, rule.status);
    },
    malformed: () => ({
      status: 200,
      headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
      body: '{"events":[{"logStreamName":"',
    }),
  };
}

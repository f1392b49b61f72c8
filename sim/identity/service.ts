// The identity services as the server sees them: GitHub's OIDC token endpoint (by its path) and
// STS (awsQuery form posts), with their fault answers.
import { faultAnswer } from '../core/faults.js';
import { STS_XMLNS, xmlError } from '../core/protocol.js';
import type { SimService } from '../core/service.js';
import { uuid } from '../core/util.js';
import { OIDC_PATH, type OidcIssuer } from './oidc.js';
import { type Sts, looksLikeSts, stsParams, stsStatus } from './sts.js';

export function oidcService(oidc: OidcIssuer): SimService {
  return {
    name: 'oidc',
    identify: (call) => (call.path === OIDC_PATH ? 'GetIdToken' : undefined),
    handle: (call) => oidc.handle(call),
    params: (call) => Object.fromEntries(call.query),
    // GitHub's token service answers errors with a small JSON body.
    faultError: (rule) => {
      const status = rule.status ?? 500;
      return {
        status,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ message: rule.message ?? 'Internal Server Error' }),
        errorCode: rule.code ?? String(status),
      };
    },
    malformed: () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"count":1200,"value":"eyJ',
    }),
  };
}

export function stsService(sts: Sts): SimService {
  return {
    name: 'sts',
    signingName: 'sts',
    identify: (call) => (looksLikeSts(call) ? (stsParams(call).get('Action') ?? '') : undefined),
    handle: (call) => sts.handle(call),
    params: (call) => Object.fromEntries(stsParams(call)),
    faultError: (rule) => {
      const { code, message } = faultAnswer(rule, {
        server: 'ServiceUnavailable',
        throttling: 'Throttling',
        serverMessage: 'Service is unavailable. Please try again later.',
      });
      // A modelled code gets the model's status (IDPRejectedClaim 403, ...), as from real STS.
      const status =
        rule.status ??
        (code === 'ServiceUnavailable' || code === 'InternalFailure' ? 503 : stsStatus(code));
      return xmlError(status, code, message);
    },
    malformed: (action) => ({
      status: 200,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': uuid() },
      body: `<${action}Response xmlns="${STS_XMLNS}">\n  <${action}Result>\n    <Credentials>\n      <AccessKeyId>ASIA`,
    }),
  };
}

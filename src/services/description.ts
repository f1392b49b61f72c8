// What the action knows about a service without its SDK: its words, the rules its IDs and names
// follow, and how its errors are explained. inputs.ts, the report and the service itself read
// these; none of it loads an SDK, so it is all on the start path for free.
import { accountOf, partitionOf, type Endpoint } from '../aws/endpoints.js';
import type { CallContext, ErrorDetails, ServiceExplainer } from '../aws/call-error.js';
import { describeTarget, type Terms } from '../model.js';

/** What an ID or name may be: the service's rule, in a pattern and in words. */
export interface IdRule {
  pattern: RegExp;
  /** Allowed characters, for telling which one is not. */
  allowed: RegExp;
  length: [number, number];
  words: string;
  /** Said when only the first character is wrong. */
  start?: string;
}

export interface ServiceDescription {
  /** Its key in registry.ts. */
  id: string;
  terms: Terms;
  /** Where its SDK client sends requests (the sync's, the search's unless it has its own). */
  endpoint: Endpoint;
  rules: {
    containerId: IdRule;
    containerName: IdRule;
    dataSourceId: IdRule;
    dataSourceName: IdRule;
  };
  explainer: ServiceExplainer;
}

/** How a service's errors are explained: the parts that differ from one service to another. */
export interface ExplainerParts {
  terms: Terms;
  /** The IAM prefix of its actions and ARNs: "kendra", "bedrock". */
  iam: string;
  /** The ARN path of a container: "index/<id>", "knowledge-base/<id>". */
  containerArn(containerId: string): string;
  /** Operations whose authorization also needs the data source's ARN (none unless given). */
  alsoOnDataSource?: ReadonlySet<string>;
  /** Why a ConflictException happens outside a start, and the status to wait for. */
  conflict: { cause: string; ready: string };
}

/** The explainer of a service's errors from its parts. */
export function explainerFor(parts: ExplainerParts): ServiceExplainer {
  const { terms, iam } = parts;
  return {
    where(context) {
      const target = context.dataSourceId
        ? describeTarget({ dataSourceId: context.dataSourceId })
        : undefined;
      return [
        target,
        context.containerId && `${terms.container} ${context.containerId}`,
        `region ${context.region}`,
      ]
        .filter(Boolean)
        .join(' in ');
    },
    iamAction: (operation) => `${iam}:${operation}`,
    /** The ARNs the action is authorized against, as the Service Authorization Reference says. */
    resources(context) {
      // Listing the containers has no resource type: only "*" grants it.
      if (!context.containerId) return ['*'];
      const account = accountOf(context.principal);
      const container = `arn:${partitionOf(context.region)}:${iam}:${context.region}:${account}:${parts.containerArn(context.containerId)}`;
      const both = context.dataSourceId && parts.alsoOnDataSource?.has(context.operation);
      return both ? [container, `${container}/data-source/${context.dataSourceId}`] : [container];
    },
    specific(context: CallContext, { name, said }: ErrorDetails, prefix: string) {
      switch (name) {
        case 'ResourceNotFoundException':
          return `${prefix}: ${said}. Check the ${terms.container} and data source IDs (or names) and aws-region: they must exist in region ${context.region} of the account the credentials belong to.`;
        case 'ConflictException':
          return `${prefix}: ${said}. The ${terms.container} or data source is ${parts.conflict.cause}; try again when it is ${parts.conflict.ready}.`;
        case 'ServiceQuotaExceededException':
          return `${prefix}: ${said}. A ${terms.service} quota was reached; see Service Quotas for Amazon ${terms.service}.`;
        default:
          return undefined;
      }
    },
  };
}

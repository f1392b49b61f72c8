// Amazon Kendra without its SDK: its words, its ID rules, how its errors are explained and where
// its console shows a data source. Read by inputs.ts and the report as well as the service.
import { consoleHost } from '../../aws/endpoints.js';
import type { Target } from '../../model.js';
import { explainerFor, type IdRule, type ServiceDescription } from '../description.js';

const NAME = (what: string, several = ''): IdRule => ({
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,999}$/,
  allowed: /[a-zA-Z0-9_-]/,
  length: [1, 1000],
  words: `a ${what} is 1-1000 characters: letters, digits, hyphens and underscores, starting with a letter or digit${several}.`,
  start: 'It must start with a letter or digit.',
});
const SEVERAL = ' (separate several with commas or newlines)';

const terms = {
  service: 'Kendra',
  container: 'index',
  containers: 'indexes',
  job: 'sync job',
  containerIdInput: 'index-id',
  containerNameInput: 'index-name',
  incompleteStatus: 'INCOMPLETE',
  failedDocumentsLink: 'All entries in CloudWatch Logs',
};

export const KENDRA: ServiceDescription = {
  id: 'kendra',
  terms,
  endpoint: { label: 'Kendra', host: 'kendra', env: 'AWS_ENDPOINT_URL_KENDRA' },
  rules: {
    containerId: {
      pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/,
      allowed: /[a-zA-Z0-9-]/,
      length: [36, 36],
      words:
        'a Kendra index ID is exactly 36 characters: letters, digits and hyphens, starting with a letter or digit.',
      start: 'It starts with a hyphen.',
    },
    containerName: NAME('Kendra index name'),
    dataSourceId: {
      pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/,
      allowed: /[a-zA-Z0-9_-]/,
      length: [1, 100],
      words: `a data source ID is 1-100 characters: letters, digits, hyphens and underscores, starting with a letter or digit${SEVERAL}.`,
      start: 'It must start with a letter or digit.',
    },
    dataSourceName: NAME('data source name', SEVERAL),
  },
  explainer: explainerFor({
    terms,
    iam: 'kendra',
    containerArn: (indexId) => `index/${indexId}`,
    // The Service Authorization Reference: these need both the index and the data source.
    alsoOnDataSource: new Set([
      'StartDataSourceSyncJob',
      'StopDataSourceSyncJob',
      'ListDataSourceSyncJobs',
      'DescribeDataSource',
    ]),
    conflict: { cause: 'being changed (created, updated or deleted)', ready: 'ACTIVE' },
  }),
};

/** The data source's page in the Kendra console. */
export function kendraConsoleLink(region: string, target: Target): string {
  return (
    `https://${consoleHost(region)}/kendra/home?region=${region}` +
    `#/indexes/${target.containerId}/datasources/${target.dataSourceId}/details`
  );
}

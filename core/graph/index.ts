import type { Config } from '../../config/index.js';
import { createGraphClient, type GraphClient, type GraphClientOptions } from './client.js';
import { clientCredentialsTokens } from './token.js';

export { createGraphClient, GraphError, pages, BATCH_SIZE } from './client.js';
export type { GraphClient, GraphStats, BatchAnswer, BatchRequest } from './client.js';
export { clientCredentialsTokens, TokenError } from './token.js';
export type { AccessTokens, ClientCredentials } from './token.js';

/** A Graph client with the app's own credentials (ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET). */
export function graphClientFor(
  config: Pick<Config, 'entra' | 'graphUrl'>,
  options: Pick<GraphClientOptions, 'onWait' | 'maxWaitMs' | 'timeoutMs'> = {},
): GraphClient {
  const { tenantId, clientId, clientSecret, authority } = config.entra;
  if (!tenantId || !clientId || !clientSecret)
    throw new Error('Graph needs ENTRA_TENANT_ID, ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET');
  return createGraphClient({
    ...options,
    baseUrl: config.graphUrl,
    tokens: clientCredentialsTokens({ authority, tenantId, clientId, clientSecret }),
  });
}

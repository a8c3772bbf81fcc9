import type { ChannelAccountDto } from '../../../shared/channels.js';
import type { ChannelAccountRow } from '../../core/channels/accounts.js';
import type { SecretBox } from '../../core/lib/secret-box.js';

/** A channel account for the settings page: which secrets are set, never their values. */
export function presentChannelAccount(row: ChannelAccountRow, secrets: SecretBox): ChannelAccountDto {
  const opened = row.secrets ? secrets.open(row.secrets) : {};
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    config: row.config ?? {},
    secretsSet: Object.fromEntries(Object.entries(opened).map(([k, v]) => [k, v !== undefined && v !== null && v !== ''])),
    status: row.status,
    statusMessage: row.status_message,
    enabled: row.enabled,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

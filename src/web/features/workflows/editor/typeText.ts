import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeKind } from '../../../../shared/workflows';
import { humanize } from './SchemaForm';

/** The words for node types: `types.<kind>.<type>` (name) and `hints.<kind>.<type>` (one line) in the workflows namespace. */
export function useTypeText() {
  const { t } = useTranslation('workflows');
  const label = useCallback((kind: NodeKind, type: string) => t(`types.${kind}.${type}`, { defaultValue: humanize(type) }), [t]);
  const hint = useCallback((kind: NodeKind, type: string) => t(`hints.${kind}.${type}`, { defaultValue: '' }), [t]);
  return useMemo(() => ({ label, hint }), [label, hint]);
}

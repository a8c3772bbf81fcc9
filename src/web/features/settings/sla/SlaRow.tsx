import { Badge, Button, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Priority } from '../../../../shared/common';
import type { SlaPolicy } from '../../../../shared/settings';
import { notifyError, notifySuccess } from '../../../lib/apiErrors';
import { DurationInput } from './DurationInput';
import { useSetSlaPolicy } from './slaApi';

const PRIORITY_COLOR: Record<Priority, string> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };

/** One priority's two targets, saved on their own. */
export function SlaRow({ priority, policy, canManage }: { priority: Priority; policy?: SlaPolicy; canManage: boolean }) {
  const { t } = useTranslation('settings');
  const save = useSetSlaPolicy();
  const [first, setFirst] = useState<number | null>(policy?.firstResponseMinutes ?? null);
  const [resolution, setResolution] = useState<number | null>(policy?.resolutionMinutes ?? null);

  // A newly saved policy (here or by another admin) replaces what is typed: adjusted while rendering, as React advises.
  const saved = `${policy?.firstResponseMinutes}/${policy?.resolutionMinutes}`;
  const [shown, setShown] = useState(saved);
  if (saved !== shown) {
    setShown(saved);
    setFirst(policy?.firstResponseMinutes ?? null);
    setResolution(policy?.resolutionMinutes ?? null);
  }

  const dirty = first !== (policy?.firstResponseMinutes ?? null) || resolution !== (policy?.resolutionMinutes ?? null);
  const firstError = dirty && (!first || first <= 0) ? t('sla.invalid') : undefined;
  const resolutionError =
    dirty && (!resolution || resolution <= 0) ? t('sla.invalid') : dirty && first && resolution && resolution < first ? t('sla.order') : undefined;

  const submit = () =>
    first &&
    resolution &&
    save.mutate(
      { priority, firstResponseMinutes: first, resolutionMinutes: resolution },
      { onSuccess: () => notifySuccess(t('sla.saved', { priority: t(`priority.${priority}`) })), onError: notifyError },
    );

  return (
    <Table.Tr>
      <Table.Td>
        <Badge tt="none" color={PRIORITY_COLOR[priority]} variant="light" size="lg">
          {t(`priority.${priority}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <DurationInput label={t('sla.firstResponse')} value={first} onChange={setFirst} disabled={!canManage} error={firstError} />
      </Table.Td>
      <Table.Td>
        <DurationInput label={t('sla.resolution')} value={resolution} onChange={setResolution} disabled={!canManage} error={resolutionError} />
      </Table.Td>
      {canManage && (
        <Table.Td ta="right">
          <Button size="xs" onClick={submit} disabled={!dirty || !!firstError || !!resolutionError} loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

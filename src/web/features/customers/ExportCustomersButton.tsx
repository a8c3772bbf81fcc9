import { Button } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCustomersCsv, type CustomerFilters } from './customersApi';
import { notifyError } from '../../lib/apiErrors';

/** Downloads the customers matching the current filters as CSV. */
export function ExportCustomersButton({ filters }: { filters: CustomerFilters }) {
  const { t } = useTranslation('customers');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const day = new Date().toISOString().slice(0, 10);
      await downloadCustomersCsv(filters, `${t('export.filename')}-${day}.csv`);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={run} loading={busy}>
      {t('actions.export')}
    </Button>
  );
}

import { Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerImportResult } from '../../../shared/customers';
import { qk } from '../../lib/queryKeys';
import { importCustomersCsv } from './customersApi';
import { errorText, notifySuccess } from '../../lib/apiErrors';
import { ImportResultView } from './ImportResultView';

const MAX_MB = 10;

/** CSV import: pick a file, send it as text/csv, show new/updated/unchanged and the refused rows. */
export function ImportCustomersModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('customers');
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<CustomerImportResult | null>(null);
  const [error, setError] = useState<string>();

  const run = useMutation({
    mutationFn: importCustomersCsv,
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: qk.customers });
      notifySuccess(t('import.done', { imported: r.imported, updated: r.updated }));
    },
    onError: (err) => setError(errorText(err)),
  });

  const close = () => {
    setFile(null);
    setResult(null);
    setError(undefined);
    onClose();
  };

  const pick = (f: File | null) => {
    setResult(null);
    setError(f && f.size > MAX_MB * 1024 * 1024 ? t('import.tooBig', { mb: MAX_MB }) : undefined);
    setFile(f);
  };

  return (
    <Modal opened={opened} onClose={close} title={t('import.title')} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('import.hint')}
        </Text>
        <FileInput
          label={t('import.choose')}
          placeholder={t('import.drop')}
          accept=".csv,text/csv"
          value={file}
          onChange={pick}
          leftSection={<IconFileTypeCsv size={18} />}
          error={error}
          clearable
          data-testid="import-file"
        />
        {result && <ImportResultView result={result} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('actions.close')}
          </Button>
          <Button onClick={() => file && run.mutate(file)} disabled={!file || !!error || !!result} loading={run.isPending}>
            {t('import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

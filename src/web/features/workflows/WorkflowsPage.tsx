import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** /workflows/*: the workflow list, the canvas, templates and the run log. */
export function WorkflowsPage() {
  const { t } = useTranslation('workflows');
  return <Title order={2}>{t('nav')}</Title>;
}

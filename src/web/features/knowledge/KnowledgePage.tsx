import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** /knowledge/*: the knowledge base's articles and categories. */
export function KnowledgePage() {
  const { t } = useTranslation('knowledge');
  return <Title order={2}>{t('nav')}</Title>;
}

import { Alert, Anchor, Box, Card, Container, Group, Loader, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatDate } from '../../lib/format';
import { Markdown } from './Markdown';
import { usePublicArticle, usePublicHelpCentre, usePublicSearch } from './knowledgeApi';

/** /help/:slug[/:lang/:article]: a workspace's public help centre (no login, phone first): search, categories, an article. */
export function HelpCentrePage() {
  const { t, i18n } = useTranslation('knowledge');
  const params = useParams();
  const slug = params.slug ?? '';
  const [splatLang, articleSlug] = (params['*'] ?? '').split('/');
  const articleLang = splatLang === 'en' ? 'en' : 'vi';
  const [lang, setLang] = useState<'vi' | 'en'>(articleSlug ? articleLang : i18n.language === 'en' ? 'en' : 'vi');
  const [q, setQ] = useState('');
  const [dq] = useDebouncedValue(q, 250);
  const centre = usePublicHelpCentre(slug, lang);
  const search = usePublicSearch(slug, dq, lang);
  const article = usePublicArticle(slug, articleLang, articleSlug || undefined);
  const base = `/help/${slug}`;

  if (centre.isError) {
    return (
      <Container size="sm" py="xl">
        <Alert color="gray" title={t('help.notFoundTitle')}>{t('help.notFound')}</Alert>
      </Container>
    );
  }
  return (
    <Box bg="gray.0" mih="100vh">
      <Box bg="teal.7" c="white" py="lg" px="md">
        <Container size="md" px={0}>
          <Group justify="space-between" align="center" mb="sm" wrap="nowrap">
            <Anchor component={Link} to={base} c="white" fw={700} size="lg" underline="never">
              {centre.data?.title ?? '…'}
            </Anchor>
            <SegmentedControl size="xs" value={lang} onChange={(v) => setLang(v as 'vi' | 'en')} data={[{ value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }]} />
          </Group>
          <Title order={2} size="h3" mb="sm">{t('help.heading')}</Title>
          <TextInput size="md" radius="md" leftSection={<IconSearch size={18} />} placeholder={t('help.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} aria-label={t('help.searchPlaceholder')} />
        </Container>
      </Box>
      <Container size="md" py="md" px="md">
        {dq.trim() ? (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">{t('help.results', { count: search.data?.length ?? 0 })}</Text>
            {search.data?.map((h) => (
              <Card key={`${h.lang}/${h.slug}`} radius="md" p="md" component={Link} to={`${base}/${h.lang}/${h.slug}`} onClick={() => setQ("")}>
                <Text fw={600} c="teal.8">{h.title}</Text>
                <Text size="sm" c="dimmed" lineClamp={2}>{h.excerpt}</Text>
              </Card>
            ))}
          </Stack>
        ) : articleSlug && !article.isError ? (
          <Card radius="md" p="lg">
            <Anchor component={Link} to={base} size="sm" mb="sm">
              <Group gap={4}><IconArrowLeft size={14} />{t('help.back')}</Group>
            </Anchor>
            {article.data ? (
              <>
                <Text size="xs" c="dimmed">{article.data.categoryName}</Text>
                <Title order={1} size="h2" mb="xs">{article.data.title}</Title>
                <Text size="xs" c="dimmed" mb="md">{t('help.updated', { date: formatDate(article.data.updatedAt) })}</Text>
                <Markdown text={article.data.body} />
              </>
            ) : <Loader size="sm" />}
          </Card>
        ) : articleSlug ? (
          <Alert color="gray">{t('help.articleNotFound')}</Alert>
        ) : centre.isPending ? (
          <Loader />
        ) : (
          <Stack gap="lg">
            {[...centre.data.categories, { id: null as unknown as string, name: t('help.other') }].map((c) => {
              const items = centre.data.articles.filter((a) => a.categoryId === c.id);
              if (!items.length) return null;
              return (
                <div key={c.id ?? 'none'}>
                  <Title order={3} size="h4" mb="xs">{c.name}</Title>
                  <Stack gap="xs">
                    {items.map((a) => (
                      <Card key={a.slug} radius="md" p="sm" component={Link} to={`${base}/${a.lang}/${a.slug}`}>
                        <Text fw={600} c="teal.8">{a.title}</Text>
                        <Text size="sm" c="dimmed" lineClamp={2}>{a.excerpt}</Text>
                      </Card>
                    ))}
                  </Stack>
                </div>
              );
            })}
          </Stack>
        )}
      </Container>
    </Box>
  );
}

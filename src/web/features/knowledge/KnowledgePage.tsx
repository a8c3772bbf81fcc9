import { Badge, Box, Button, Grid, Group, NavLink, Paper, ScrollArea, SegmentedControl, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageError } from '../../components/PageError';
import { useMe } from '../../lib/session';
import { notifyError } from '../../lib/apiErrors';
import { ArticleEditor } from './ArticleEditor';
import { HelpCentreSettingsCard } from './HelpCentreSettingsCard';
import { useArticle, useArticles, useCategories, useKbSearch, useSaveCategory } from './knowledgeApi';

/** /knowledge: articles by category (or search results, accents ignored) on the left, the selected or a new article's editor on the right. */
export function KnowledgePage() {
  const { t } = useTranslation('knowledge');
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const [lang, setLang] = useState<string>('all');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [dq] = useDebouncedValue(q, 250);
  const [newCategory, setNewCategory] = useState('');
  const me = useMe();
  const canManage = ['admin', 'supervisor'].includes(me.data?.actor.role ?? '');
  const filterLang = lang === 'all' ? undefined : lang;
  const list = useArticles({ lang: filterLang, categoryId: categoryId ?? undefined });
  const search = useKbSearch(dq, filterLang);
  const categories = useCategories();
  const article = useArticle(selected);
  const saveCategory = useSaveCategory();
  const select = (id: string | null) => setParams(id ? { id } : {}, { replace: false });

  if (list.isError) return <PageError error={list.error} />;
  const rows = dq.trim()
    ? (search.data ?? []).map((h) => ({ id: h.id, title: h.title, lang: h.lang, status: h.status, sub: h.passage.slice(0, 90) }))
    : (list.data ?? []).map((a) => ({ id: a.id, title: a.title, lang: a.lang, status: a.status, sub: a.categoryName ?? t('uncategorised') }));

  return (
    <Box maw={1400} mx="auto">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2}>{t('title')}</Title>
            <Text size="sm" c="dimmed" maw={820}>{t('subtitle')}</Text>
          </div>
          {canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => select(null)}>{t('newArticle')}</Button>
          )}
        </Group>
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Stack gap="md">
              <Paper p="md" radius="md">
                <Stack gap="xs">
                  <TextInput leftSection={<IconSearch size={16} />} placeholder={t('searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} aria-label={t('searchPlaceholder')} />
                  <Group gap="xs" wrap="nowrap">
                    <SegmentedControl size="xs" value={lang} onChange={setLang} data={[{ value: 'all', label: t('all') }, { value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }]} />
                  </Group>
                  <Group gap={6}>
                    <Badge variant={categoryId ? 'light' : 'filled'} style={{ cursor: 'pointer' }} onClick={() => setCategoryId(null)}>{t('allCategories')}</Badge>
                    {categories.data?.map((c) => (
                      <Badge key={c.id} variant={categoryId === c.id ? 'filled' : 'light'} style={{ cursor: 'pointer' }} onClick={() => setCategoryId(c.id)}>
                        {c.name} · {c.articleCount}
                      </Badge>
                    ))}
                  </Group>
                  {canManage && (
                    <Group gap="xs" wrap="nowrap">
                      <TextInput size="xs" style={{ flex: 1 }} placeholder={t('newCategory')} value={newCategory} onChange={(e) => setNewCategory(e.currentTarget.value)} />
                      <Button size="xs" variant="light" disabled={!newCategory.trim()} onClick={() => saveCategory.mutate({ name: newCategory.trim(), position: categories.data?.length ?? 0 }, { onSuccess: () => setNewCategory(''), onError: notifyError })}>
                        {t('addCategory')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Paper>
              <Paper p="xs" radius="md">
                {list.isPending ? (
                  <Skeleton h={200} />
                ) : rows.length === 0 ? (
                  <Text size="sm" c="dimmed" p="sm">{dq.trim() ? t('noResults') : t('none')}</Text>
                ) : (
                  <ScrollArea.Autosize mah={560}>
                    <Stack gap={2}>
                      {rows.map((r) => (
                        <NavLink
                          key={r.id}
                          label={r.title}
                          description={r.sub}
                          active={r.id === selected}
                          onClick={() => select(r.id)}
                          variant="light"
                          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                          rightSection={
                            <Group gap={4} wrap="nowrap">
                              <Badge size="xs" variant="outline" color="gray">{r.lang.toUpperCase()}</Badge>
                              {r.status === 'draft' && <Badge size="xs" color="yellow">{t('draft')}</Badge>}
                            </Group>
                          }
                        />
                      ))}
                    </Stack>
                  </ScrollArea.Autosize>
                )}
              </Paper>
              <HelpCentreSettingsCard canManage={canManage} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            {selected && article.isPending ? (
              <Skeleton h={400} />
            ) : (
              <ArticleEditor key={selected ?? 'new'} article={selected ? (article.data ?? null) : null} categories={categories.data ?? []} canManage={canManage} onSaved={select} />
            )}
          </Grid.Col>
        </Grid>
      </Stack>
    </Box>
  );
}

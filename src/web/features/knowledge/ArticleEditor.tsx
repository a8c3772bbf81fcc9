import { Button, Group, Paper, SegmentedControl, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KbArticle, KbCategory } from '../../../shared/knowledge';
import { fieldErrorsFrom, notifyError, notifySuccess } from '../../lib/apiErrors';
import { Markdown } from './Markdown';
import { useDeleteArticle, useSaveArticle } from './knowledgeApi';

interface Props {
  article: KbArticle | null;
  categories: KbCategory[];
  canManage: boolean;
  onSaved(id: string | null): void;
}

/** One article's editor (mounted per article: its state starts from the article): language, title, address, category, tags, markdown body with a preview, published or draft. */
export function ArticleEditor({ article, categories, canManage, onSaved }: Props) {
  const { t } = useTranslation('knowledge');
  const [lang, setLang] = useState<'vi' | 'en'>(article?.lang ?? 'vi');
  const [title, setTitle] = useState(article?.title ?? '');
  const [slug, setSlug] = useState(article?.slug ?? '');
  const [body, setBody] = useState(article?.body ?? '');
  const [tags, setTags] = useState<string[]>(article?.tags ?? []);
  const [categoryId, setCategoryId] = useState<string | null>(article?.categoryId ?? null);
  const [published, setPublished] = useState(article?.status === 'published');
  const [preview, setPreview] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveArticle(article?.id ?? null);
  const del = useDeleteArticle();


  const submit = () =>
    save.mutate(
      { lang, title, slug: slug.trim() || undefined, body, tags, categoryId, status: published ? 'published' : 'draft' },
      {
        onSuccess: (a) => {
          notifySuccess(t('saved'));
          onSaved(a.id);
        },
        onError: (err) => {
          setErrors(fieldErrorsFrom(err, { 'kb.slug_taken': 'slug' }));
          notifyError(err);
        },
      },
    );

  return (
    <Paper p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>{article ? t('editArticle') : t('newArticle')}</Title>
          <SegmentedControl size="xs" value={lang} onChange={(v) => setLang(v as 'vi' | 'en')} data={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]} disabled={!canManage} />
        </Group>
        <TextInput label={t('fields.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required disabled={!canManage} error={errors.title} />
        <Group grow align="flex-start">
          <TextInput label={t('fields.slug')} description={t('fields.slugHint')} value={slug} onChange={(e) => setSlug(e.currentTarget.value)} disabled={!canManage} error={errors.slug} />
          <Select label={t('fields.category')} data={categories.map((c) => ({ value: c.id, label: c.name }))} value={categoryId} onChange={setCategoryId} clearable disabled={!canManage} />
        </Group>
        <TagsInput label={t('fields.tags')} value={tags} onChange={setTags} disabled={!canManage} />
        <Group justify="space-between">
          <Text size="sm" fw={500}>{t('fields.body')}</Text>
          <SegmentedControl size="xs" value={preview ? 'preview' : 'write'} onChange={(v) => setPreview(v === 'preview')} data={[{ value: 'write', label: t('write') }, { value: 'preview', label: t('preview') }]} />
        </Group>
        {preview ? (
          <Paper withBorder p="md" mih={260}><Markdown text={body} /></Paper>
        ) : (
          <Textarea value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={12} maxRows={30} disabled={!canManage} description={t('fields.bodyHint')} styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 13 } }} />
        )}
        {canManage && (
          <Group justify="space-between">
            <Switch label={t('fields.published')} checked={published} onChange={(e) => setPublished(e.currentTarget.checked)} />
            <Group>
              {article && (
                <Button variant="subtle" color="red" loading={del.isPending} onClick={() => del.mutate(article.id, { onSuccess: () => onSaved(null), onError: notifyError })}>
                  {t('delete')}
                </Button>
              )}
              <Button onClick={submit} loading={save.isPending} disabled={!title.trim()}>{t('save')}</Button>
            </Group>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

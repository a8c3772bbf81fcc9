import { Alert, Button, Chip, Divider, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LOW_SCORE, SURVEY_TRIGGER_EVENTS, type SurveyQuestion, type SurveyTemplateDto, type SurveyTriggers } from '../../../shared/surveys';
import { notifySuccess } from '../../lib/apiErrors';
import { notifySurveyError as notifyError } from './surveyErrors';
import { CsatPreview } from './CsatPreview';
import { QuestionsEditor, firstIncomplete } from './QuestionsEditor';
import { useSaveTemplate } from './surveysApi';

interface Props {
  /** Undefined: a new custom survey. */
  template?: SurveyTemplateDto;
  readOnly: boolean;
  onClose: () => void;
}

const NEW_CUSTOM: Omit<SurveyTemplateDto, 'id' | 'createdAt' | 'updatedAt'> = {
  type: 'custom',
  name: '',
  questions: [{ id: 'q1', kind: 'rating', max: 5, required: true, text: { vi: '', en: '' } }],
  triggers: { on: [], delayMinutes: 60, throttleDays: 30 },
  lowScoreThreshold: null,
  editWindowMinutes: 60 * 24,
  expiresAfterDays: 14,
  enabled: true,
  isDefault: false,
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={5}>{title}</Title>
      {children}
    </Stack>
  );
}

const int = (v: string | number, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : fallback);

/** Edits one survey template: questions (vi + en), when it is sent, what counts as a low score, link lifetimes. */
export function TemplateEditor({ template, readOnly, onClose }: Props) {
  const { t } = useTranslation('surveys');
  const phone = useMediaQuery('(max-width: 48em)');
  const base = template ?? NEW_CUSTOM;
  const [name, setName] = useState(base.name);
  const [questions, setQuestions] = useState<SurveyQuestion[]>(base.questions);
  const [triggers, setTriggers] = useState<SurveyTriggers>(base.triggers);
  const [low, setLow] = useState<number | null>(base.lowScoreThreshold);
  const [editWindow, setEditWindow] = useState(base.editWindowMinutes);
  const [expires, setExpires] = useState(base.expiresAfterDays);
  const [enabled, setEnabled] = useState(base.enabled);
  const [error, setError] = useState<string | null>(null);
  const save = useSaveTemplate();
  const builtIn = base.type !== 'custom';
  const defaultLow = base.type === 'custom' ? null : DEFAULT_LOW_SCORE[base.type];
  const mainQuestion = questions.find((q) => q.kind === 'csat');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('editor.nameMissing'));
    const bad = firstIncomplete(questions);
    if (bad >= 0) return setError(t('editor.questionIncomplete', { n: bad + 1 }));
    setError(null);
    save.mutate(
      {
        id: template?.id,
        input: { type: base.type, name: name.trim(), questions, triggers, lowScoreThreshold: low, editWindowMinutes: editWindow, expiresAfterDays: expires, enabled },
      },
      { onSuccess: () => (notifySuccess(t('editor.saved')), onClose()), onError: notifyError },
    );
  };

  return (
    <Modal opened onClose={onClose} size="xl" fullScreen={phone} title={<Text fw={700}>{template ? t('editor.editTitle', { name: base.name }) : t('editor.newTitle')}</Text>}>
      <form onSubmit={submit} noValidate data-testid="template-editor">
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="lg">
            <Group align="flex-end" gap="md" wrap="wrap">
              <TextInput label={t('editor.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required style={{ flex: '1 1 260px' }} data-testid="template-name" />
              <Switch label={t('editor.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} mb={8} />
            </Group>

            <Section title={t('editor.questions')}>
              <QuestionsEditor questions={questions} custom={!builtIn} onChange={setQuestions} />
            </Section>

            {base.type === 'csat' && (
              <Section title={t('editor.preview')}>
                <Text size="sm" c="dimmed">
                  {t('editor.previewHint')}
                </Text>
                <CsatPreview question={mainQuestion?.text} />
              </Section>
            )}

            <Divider />
            <Section title={t('editor.triggers')}>
              <Text size="sm" c="dimmed">
                {t('editor.triggersHint')}
              </Text>
              <Chip.Group multiple value={triggers.on} onChange={(on) => setTriggers({ ...triggers, on: on as SurveyTriggers['on'] })}>
                <Group gap="xs">
                  {SURVEY_TRIGGER_EVENTS.map((ev) => (
                    <Chip key={ev} value={ev} data-testid={`trigger-${ev}`}>
                      {t(`triggers.${ev}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput
                  label={t('editor.delay')}
                  description={t('editor.delayHint')}
                  suffix={` ${t('units.minutes')}`}
                  min={0}
                  max={60 * 24 * 30}
                  value={triggers.delayMinutes}
                  onChange={(v) => setTriggers({ ...triggers, delayMinutes: int(v, 0) })}
                  data-testid="trigger-delay"
                />
                <NumberInput
                  label={t('editor.throttle')}
                  description={t('editor.throttleHint')}
                  suffix={` ${t('units.days')}`}
                  min={0}
                  max={3650}
                  value={triggers.throttleDays}
                  onChange={(v) => setTriggers({ ...triggers, throttleDays: int(v, 0) })}
                  data-testid="trigger-throttle"
                />
              </SimpleGrid>
            </Section>

            <Divider />
            <Section title={t('editor.followUp')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <NumberInput
                  label={t('editor.lowScore')}
                  description={defaultLow != null ? t('editor.lowScoreDefault', { value: defaultLow, type: base.type.toUpperCase() }) : t('editor.lowScoreCustom')}
                  placeholder={t('editor.lowScoreNone')}
                  min={0}
                  max={10}
                  value={low ?? ''}
                  onChange={(v) => setLow(typeof v === 'number' ? Math.round(v) : null)}
                  data-testid="low-score"
                />
                <NumberInput
                  label={t('editor.editWindow')}
                  description={t('editor.editWindowHint')}
                  suffix={` ${t('units.minutes')}`}
                  min={0}
                  max={60 * 24 * 30}
                  value={editWindow}
                  onChange={(v) => setEditWindow(int(v, 0))}
                />
                <NumberInput
                  label={t('editor.expires')}
                  description={t('editor.expiresHint')}
                  suffix={` ${t('units.days')}`}
                  min={1}
                  max={365}
                  value={expires}
                  onChange={(v) => setExpires(int(v, 1))}
                />
              </SimpleGrid>
            </Section>

            {error && (
              <Alert color="red" variant="light" py="xs" data-testid="editor-error">
                {error}
              </Alert>
            )}
          </Stack>
        </fieldset>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            {readOnly ? t('actions.close') : t('actions.cancel')}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={save.isPending} data-testid="template-save">
              {t('actions.save')}
            </Button>
          )}
        </Group>
      </form>
    </Modal>
  );
}

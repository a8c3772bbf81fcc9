import { Box, Collapse, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** The quoted history and signature of an email, folded behind "•••" like mail clients do. */
export function QuotedHistory({ text }: { text: string }) {
  const { t } = useTranslation('ticket');
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Box mt={6}>
      <Tooltip label={t(open ? 'email.hideQuoted' : 'email.showQuoted')} withArrow>
        <UnstyledButton
          onClick={toggle}
          aria-expanded={open}
          aria-label={t(open ? 'email.hideQuoted' : 'email.showQuoted')}
          px={8}
          fz="xs"
          fw={700}
          lh="16px"
          style={{ borderRadius: 8, background: 'var(--mantine-color-gray-3)', color: 'var(--mantine-color-gray-7)' }}
          data-testid="quoted-toggle"
        >
          •••
        </UnstyledButton>
      </Tooltip>
      <Collapse in={open}>
        <Box
          mt={6}
          pl="sm"
          fz="xs"
          c="dimmed"
          style={{ borderLeft: '3px solid var(--mantine-color-gray-4)', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          data-testid="quoted-text"
        >
          {text}
        </Box>
      </Collapse>
    </Box>
  );
}

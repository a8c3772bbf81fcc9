import { Grid, Stack } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { FullPageLoader } from '../../components/FullPageLoader';
import { PageError } from '../../components/PageError';
import { useTicket } from './useTicket';
import { TicketHeader } from './TicketHeader';
import { TicketProgress } from './TicketProgress';
import { MessageThread } from './MessageThread';
import { ReplyBox } from './ReplyBox';
import { TicketControls } from './TicketControls';
import { CustomerPanel } from './CustomerPanel';
import { TicketOrderCard } from './TicketOrderCard';
import { CrossSellCard } from '../customers/c360/CrossSellCard';
import { useVisitorTyping } from './useVisitorTyping';
import { VisitorTyping } from './VisitorTyping';
import { TicketSurveyPanel } from '../surveys/TicketSurveyPanel';
import { TicketAiPanel } from '../ai/TicketAiPanel';

/** One ticket: its process, the conversation, the reply box; details and the customer on the right. */
export function TicketPage() {
  const { id = '' } = useParams();
  const { ticket, messages } = useTicket(id);
  const visitorTyping = useVisitorTyping(id);
  const replyArea = useRef<HTMLDivElement>(null);
  const [params, setParams] = useSearchParams();
  const wantsReply = params.get('reply') === '1';
  const loaded = ticket.isSuccess;
  useEffect(() => {
    // "r" in the inbox opens the ticket ready to type: focus the reply box once it is there, then drop the flag.
    if (!wantsReply || !loaded) return;
    const box = replyArea.current?.querySelector<HTMLTextAreaElement>('textarea');
    if (!box) return;
    box.focus();
    setParams((p) => {
      p.delete('reply');
      return p;
    }, { replace: true });
  }, [wantsReply, loaded, setParams]);
  if (ticket.isPending) return <FullPageLoader />;
  if (ticket.isError) return <PageError error={ticket.error} />;
  const tk = ticket.data;
  return (
    // One column below lg (phones, tablets): the conversation first, then the ticket's controls and the customer.
    // minWidth 0 lets long words and the step bar shrink inside a column instead of widening the page.
    <Grid gutter="md" maw={1500} mx="auto" columns={24}>
      <Grid.Col span={{ base: 24, lg: 17 }} miw={0}>
        <Stack gap="md">
          <TicketHeader ticket={tk} />
          <TicketProgress ticket={tk} />
          <MessageThread messages={messages.data} loading={messages.isPending} error={messages.error} customerName={tk.customer.name} ticketId={tk.id} />
          {visitorTyping && <VisitorTyping name={tk.customer.name} />}
          {!tk.mergedIntoId && (
            <div ref={replyArea}>
              <ReplyBox ticket={tk} />
            </div>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 24, lg: 7 }} miw={0}>
        <Stack gap="md" style={{ position: 'sticky', top: 76 }}>
          <TicketAiPanel ticket={tk} />
          <TicketControls ticket={tk} />
          <TicketOrderCard ticket={tk} />
          <CrossSellCard customerId={tk.customer.id} compact />
          <TicketSurveyPanel ticketId={tk.id} customerId={tk.customer.id} />
          <CustomerPanel customerId={tk.customer.id} currentTicketId={tk.id} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

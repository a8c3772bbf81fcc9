import { Title } from '@mantine/core';
import { useParams } from 'react-router-dom';

/** The ticket page (being built). */
export function TicketPage() {
  const { id } = useParams();
  return <Title order={2}>{id}</Title>;
}

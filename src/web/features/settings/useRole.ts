import { useMe } from '../../lib/session';

/**
 * The logged-in role, to hide actions the server would refuse anyway (it still answers 403 and we
 * show its message). Admins manage everything; supervisors manage teams and canned replies.
 */
export function useRole() {
  const me = useMe();
  const role = me.data?.actor.role ?? 'agent';
  return {
    role,
    userId: me.data?.user?.id,
    isAdmin: role === 'admin',
    isManager: role === 'admin' || role === 'supervisor',
  };
}

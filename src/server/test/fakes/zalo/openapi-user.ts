import type { FakeZaloCore } from './core.js';
import type { FakeRouter } from './router.js';

/** A Zalo user as GET /v3.0/oa/user/detail describes them (documented fields; ids strings). */
export interface FakeZaloUser {
  user_id: string;
  display_name: string;
  avatar?: string;
  user_is_follower?: boolean;
  /** What the user shared with the OA (user_submit_info / "Chia sẻ thông tin"); Zalo sends the phone as "84…". */
  shared_info?: { name?: string; phone?: string | number; address?: string; city?: string; district?: string };
}

/**
 * OpenAPI v3 user endpoints and the attachment files: GET /v3.0/oa/user/detail?data={"user_id":"…"}
 * (header access_token) → {error: 0, message: "Success", data: {user_id, display_name, avatar,
 * avatars, user_is_follower, shared_info…}}; unknown user → {error: -213 …}. GET /files/<name>: the
 * bytes behind an attachment URL of a webhook payload.
 */
export function registerOpenApiUserRoutes(router: FakeRouter, core: FakeZaloCore) {
  const state = { users: new Map<string, FakeZaloUser>(), detailCalls: 0 };

  router.on('GET', '/v3.0/oa/user/detail', (req) => {
    const denied = core.checkAccess(req);
    if (denied) return denied;
    state.detailCalls++;
    // The id is read as text from the raw JSON: a number that big would lose digits.
    const userId = /"user_id"\s*:\s*"?(\d+)"?/.exec(req.query.get('data') ?? '')?.[1] ?? '';
    const u = state.users.get(userId);
    if (!u) return { json: { error: -213, message: 'User has not followed OA or the user_id is invalid' } };
    return {
      json: {
        error: 0,
        message: 'Success',
        data: {
          user_id: u.user_id,
          user_id_by_app: `9${u.user_id.slice(1)}`,
          display_name: u.display_name,
          user_alias: '',
          is_sensitive: false,
          user_is_follower: u.user_is_follower ?? true,
          avatar: u.avatar ?? '',
          avatars: u.avatar ? { '120': u.avatar, '240': u.avatar } : {},
          shared_info: u.shared_info,
        },
      },
    };
  });

  router.onPrefix('GET', '/files/', (req) => {
    const f = core.files.get(decodeURIComponent(req.path.slice('/files/'.length)));
    if (!f) return { status: 404, body: 'not found' };
    return { headers: { 'content-type': f.contentType }, body: f.data };
  });

  return state;
}

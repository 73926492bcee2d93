import { api, Role, Schemas, unwrap } from '../../api/client';

type Me = Schemas['MeDto'];

/** Jobs the user decides on: on whose hiring team they are (admins and recruiters: all open jobs). */
export async function myOpenJobs(me: Me) {
  const roles = me.user.roles as Role[];
  const all = roles.includes('admin') || roles.includes('recruiter');
  const page = await unwrap(api.GET('/v1/jobs', { params: { query: { limit: 50, status: 'open', ...(all ? {} : { hiringTeamMember: me.user.id }) } } }));
  return page.data;
}

/** Active applications of a job in the stages whose kind is one of `kinds`, oldest in stage first. */
export async function applicationsInStages(jobId: string, kinds: string[], fallbackBefore?: string) {
  const board = await unwrap(api.GET('/v1/jobs/{id}/pipeline', { params: { path: { id: jobId } } }));
  let stages = board.stages.filter((s) => kinds.includes(s.kind));
  if (stages.length === 0 && fallbackBefore) {
    const at = board.stages.findIndex((s) => s.kind === fallbackBefore);
    if (at > 0) stages = [board.stages[at - 1]];
  }
  const pages = await Promise.all(
    stages.filter((s) => s.activeCount > 0).map((s) =>
      unwrap(api.GET('/v1/jobs/{id}/applications', { params: { path: { id: jobId }, query: { stageId: s.id, status: 'active', sort: 'stage_entered_at', direction: 'asc', limit: 100 } } })).then((p) => p.data.map((item) => ({ ...item, stageName: s.name }))),
    ),
  );
  return pages.flat();
}

import { api } from '#functions/commons/http';
import { buildStaffTemplate } from '#shared/directory/staff-list';
import { authorize } from '#shared/reference/auth';

/** GET /api/directory/template — the Excel staff list (人员名单) to fill and import, for directory administrators. */
export const handler = api({}, async ({ principal }) => {
  authorize(principal, 'directory.manage', principal.orgCode);
  return {
    status: 200,
    body: await buildStaffTemplate(),
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="staff-list.xlsx"',
    },
  };
});

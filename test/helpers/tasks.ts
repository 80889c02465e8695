import type { TestSystem } from './local.ts';

/** The action id in the newest task email to `to` whose subject matches, as a person would find it in the mailbox. */
export async function taskLink(sys: TestSystem, to: string, subject: RegExp): Promise<string> {
  const address = to.includes('@') ? to : `${to}@sifpm.example.cn`;
  const mail = (await sys.mail()).filter((m) => m.to.includes(address) && subject.test(m.subject));
  const latest = mail.at(-1);
  const link = latest?.links.find((l) => l.includes('/tasks/'));
  if (!link) throw new Error(`no task mail to ${to} matching ${subject}`);
  return link.split('/tasks/')[1] as string;
}

/** Open the link (GET, as the page does), then decide (POST), as the assignee. */
export async function decide(sys: TestSystem, as: string, actionId: string, decision: string, comment?: string) {
  const view = await sys.call('GET', `/api/tasks/${actionId}`, { as });
  if (view.status !== 200) throw new Error(`GET task: ${view.status} ${JSON.stringify(view.body)}`);
  const res = await sys.call('POST', `/api/tasks/${actionId}/decision`, {
    as,
    body: { decision, ...(comment ? { comment } : {}) },
  });
  await sys.settled();
  return res;
}

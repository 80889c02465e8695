import { type Cycle, cycleRecord, listWorkItems } from '#shared/cycle/cycles';
import { nowMs, SHANGHAI_OFFSET_MS } from '#shared/platform/clock';
import { dayText } from '#shared/platform/dates';
import { type Bilingual, conflict } from '#shared/platform/errors';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';

/**
 * Whether a cycle is ready for its evaluation phase (第四章), and what is not — what `POST …/evaluations/open`
 * refuses on (409 `EVALUATION_NOT_READY`, nothing changed) and what the central dashboard's dialog shows before it is
 * confirmed (`GET …/evaluations/readiness`). The regulation leaves no room to open early, so there is no override:
 * - 第十八条: the regions report on the **previous** year (上一年度) by 31 May — the budget year must be over
 *   (1 January of the next year, Asia/Shanghai);
 * - the kickoff must have prepared every unit (the cycle is past its kickoff phase);
 * - a self-evaluation is opened once, for each unit × fund whose target is issued (下达): a target still in its
 *   review chain (submitted, awaiting 初审, 审核, 中央审核 or its 下达) would be left without one, so none may be;
 * - at least one target is issued (else nothing would open).
 * Targets never submitted (制定中) do not block: a unit that set no target for the year has nothing to evaluate
 * against (第十条: targets are approved with the budget); the dialog counts them and names the first few, as units
 * that will get no self-evaluation.
 */
const IN_REVIEW = new Set(['preliminary-review', 'finance-review', 'central-review', 'approved']);
const SHOWN = 5;

export interface NotReady {
  code: 'CYCLE_NOT_PREPARED' | 'BUDGET_YEAR_NOT_OVER' | 'TARGETS_IN_REVIEW' | 'NO_TARGET_ISSUED';
  message: Bilingual;
}

export interface TargetItem {
  org: string;
  orgName: Bilingual;
  fund: string;
  fundName: Bilingual;
  status: string;
}

export interface EvaluationReadiness {
  year: number;
  phase: Cycle['phase'];
  /** whether the phase is open already (then `open` only follows it) */
  opened: boolean;
  ready: boolean;
  /** 1 January of the next year, 00:00 Asia/Shanghai */
  budgetYearEnds: string;
  targets: {
    total: number;
    issued: number;
    /** by status, every target work item of the cycle (provincial units and pooling regions) */
    byStatus: Record<string, number>;
    /** the first few still in review, then the first few still drafting */
    inReview: TargetItem[];
    drafting: TargetItem[];
  };
  /** what stops the opening now; empty when ready */
  notReady: NotReady[];
}

const item = (w: { org: string; fund: string; status: string }): TargetItem => ({
  org: w.org,
  orgName: getOrg(w.org).name,
  fund: w.fund,
  fundName: getFund(w.fund).name,
  status: w.status,
});

export async function evaluationReadiness(year: number): Promise<EvaluationReadiness> {
  const cycle = await cycleRecord(year);
  const targets = (await listWorkItems(year)).filter((w) => w.kind === 'targets');
  const byStatus: Record<string, number> = {};
  for (const t of targets) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const inReview = targets.filter((t) => IN_REVIEW.has(t.status));
  const drafting = targets.filter((t) => t.status === 'drafting');
  const issued = byStatus.issued ?? 0;
  const budgetYearEnds = new Date(Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS).toISOString();
  const opened = !['kickoff', 'targets', 'monitoring'].includes(cycle.phase);
  const notReady: NotReady[] = [];
  if (!opened) {
    if (cycle.phase === 'kickoff') {
      notReady.push({
        code: 'CYCLE_NOT_PREPARED',
        message: { zh: `${year} 年度启动尚未完成`, en: `The ${year} kickoff has not finished` },
      });
    }
    if (nowMs() < Date.parse(budgetYearEnds)) {
      const day = dayText(budgetYearEnds);
      notReady.push({
        code: 'BUDGET_YEAR_NOT_OVER',
        message: {
          zh: `${year} 预算年度尚未结束：绩效自评针对上一年度（第十八条），${day.zh}起方可开启`,
          en: `The ${year} budget year is not over: self-evaluations report on the past year (Art. 18); the phase opens from ${day.en}`,
        },
      });
    }
    if (inReview.length > 0) {
      notReady.push({
        code: 'TARGETS_IN_REVIEW',
        message: {
          zh: `${targets.length} 项目标中有 ${inReview.length} 项仍在审核中、尚未下达：开启后这些单位将无法自评，请先完成审核并下达`,
          en: `${inReview.length} of ${targets.length} targets are still in review and not issued: they would get no self-evaluation; finish their review and issue them first`,
        },
      });
    }
    if (issued === 0 && cycle.phase !== 'kickoff') {
      notReady.push({
        code: 'NO_TARGET_ISSUED',
        message: {
          zh: '尚无已下达的绩效目标，开启后不会产生自评事项',
          en: 'No target is issued: no self-evaluation would open',
        },
      });
    }
  }
  return {
    year,
    phase: cycle.phase,
    opened,
    ready: !opened && notReady.length === 0,
    budgetYearEnds,
    targets: {
      total: targets.length,
      issued,
      byStatus,
      inReview: inReview.slice(0, SHOWN).map(item),
      drafting: drafting.slice(0, SHOWN).map(item),
    },
    notReady,
  };
}

/** Refuse (409, nothing changed) unless the phase may open now; an opened phase passes (the open is idempotent). */
export async function assertReadyToOpen(year: number): Promise<void> {
  const r = await evaluationReadiness(year);
  if (r.opened || r.ready) return;
  throw conflict(
    'EVALUATION_NOT_READY',
    {
      zh: `${year} 年度尚不能开启绩效评价：${r.notReady.map((n) => n.message.zh).join('；')}`,
      en: `The ${year} evaluation phase cannot open yet: ${r.notReady.map((n) => n.message.en).join('; ')}`,
    },
    {
      year,
      notReady: r.notReady.map((n) => n.code),
      targets: { total: r.targets.total, issued: r.targets.issued, byStatus: r.targets.byStatus },
    },
  );
}

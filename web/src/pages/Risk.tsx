import type { riskView } from '#shared/monitoring/integrity';
import { Chart } from '../components/Chart.tsx';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import type { Cycle } from '../components/Overviews.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { PageProps } from '../routes.tsx';

type RiskView = Awaited<ReturnType<typeof riskView>>;

const SEVERITY_COLOURS: Record<string, string> = { major: '#b91c1c', minor: '#d97706', info: '#2563eb' };
const orgParam = (value: string | null) => (value && /^\d{6}$/.test(value) ? value : undefined);

/**
 * 基金风险预警 (issue 18): the regions whose projected reserve is short, ranked (first those projected to run out,
 * then by months payable), on a chart and in a table with each reason; and the figures to be verified (a tax
 * mismatch, a month's jump, a region far from its province's others). Central nationally, a province its own.
 */
export default function Risk({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const org = orgParam(query.get('org')) ?? me?.orgCode;
  const view = useResource<RiskView>(year && org ? `/api/cycles/${year}/risk?org=${org}` : null);
  const v = view.data;
  const months = (m: number | null) => (m === null ? '—' : t('risk.months', { months: m }));

  return (
    <section>
      <div className="page-head">
        <h1>{t('page.risk')}</h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {view.error ? <ErrorNotice error={view.error} /> : null}
      {view.loading && !v ? <Loading /> : null}
      {v ? (
        <>
          <section className="card" aria-labelledby="risk-ranked">
            <h2 id="risk-ranked">{t('risk.rankedCaption', { year: v.year })}</h2>
            <p className="muted">{t('risk.method')}</p>
            {v.atRisk.length === 0 ? (
              <Empty>{t('risk.none')}</Empty>
            ) : (
              <>
                <Chart
                  label={t('risk.chartLabel', { year: v.year })}
                  height={v.atRisk.length * 26 + 70}
                  option={{
                    aria: { enabled: false },
                    animation: false,
                    textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' },
                    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
                    xAxis: { type: 'value', name: t('risk.monthsAxis') },
                    yAxis: {
                      type: 'category',
                      inverse: true,
                      data: v.atRisk.map((r) => `${pick(r.name)} ${pick(r.fundName)}`),
                    },
                    series: [
                      {
                        name: t('risk.monthsPayable'),
                        type: 'bar',
                        barMaxWidth: 16,
                        data: v.atRisk.map((r) => ({
                          value: r.monthsPayable ?? 0,
                          itemStyle: { color: SEVERITY_COLOURS[r.severity] ?? '#6b7280' },
                        })),
                      },
                    ],
                  }}
                />
                <div className="table-wrap">
                  <table className="table" data-testid="risk-ranked">
                    <caption>{t('risk.rankedCaption', { year: v.year })}</caption>
                    <thead>
                      <tr>
                        <th scope="col" className="num">
                          {t('risk.rank')}
                        </th>
                        <th scope="col">{t('risk.region')}</th>
                        <th scope="col">{t('risk.fund')}</th>
                        <th scope="col">{t('risk.asOf')}</th>
                        <th scope="col" className="num">
                          {t('risk.monthsPayable')}
                        </th>
                        <th scope="col">{t('risk.range')}</th>
                        <th scope="col">{t('risk.runsOut')}</th>
                        <th scope="col">{t('risk.severity')}</th>
                        <th scope="col">{t('risk.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {v.atRisk.map((r, i) => (
                        <tr key={`${r.org}-${r.fund}`}>
                          <td className="num">{i + 1}</td>
                          <th scope="row">{pick(r.name)}</th>
                          <td>{pick(r.fundName)}</td>
                          <td>{r.asOf}</td>
                          <td className="num">{months(r.monthsPayable)}</td>
                          <td>
                            {r.range ? t('risk.rangeValue', { low: r.range.low, high: r.range.high }) : pick(r.note)}
                          </td>
                          <td>{r.runsOutIn === null ? '—' : t('risk.runsOutIn', { month: r.runsOutIn })}</td>
                          <td>{t(`severity.${r.severity}` as never)}</td>
                          <td>{pick(r.reason)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="risk-verify">
            <h2 id="risk-verify">{t('risk.verifyCaption')}</h2>
            {v.toVerify.length === 0 ? (
              <Empty>{t('risk.nothingToVerify')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="risk-verify">
                  <caption>{t('risk.verifyCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('risk.region')}</th>
                      <th scope="col">{t('risk.fund')}</th>
                      <th scope="col">{t('risk.asOf')}</th>
                      <th scope="col">{t('risk.reason')}</th>
                      <th scope="col">{t('risk.severity')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.toVerify.map((f) => (
                      <tr key={`${f.org}-${f.fund}-${f.asOf}-${f.code}`}>
                        <th scope="row">{pick(f.name)}</th>
                        <td>{pick(f.fundName)}</td>
                        <td>{f.asOf}</td>
                        <td>{pick(f.reason)}</td>
                        <td>{t(`severity.${f.severity}` as never)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}

import { type FormEvent, useId, useState } from 'react';
import type { PersonView } from '#shared/directory/directory';
import type { ImportResult } from '#shared/directory/import';
import type { FundLine } from '#shared/reference/funds';
import type { Org } from '#shared/reference/orgs';
import type { Department, StaffFunction } from '#shared/reference/roles';
import { type ApiError, asApiError, download, postFile, put, request } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { fieldErrorsOf, useFieldErrors } from '../components/FieldErrors.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDate, TIME_ZONE } from '../format.ts';
import { type Bilingual, useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { departmentLabel, label } from '../labels.ts';
import { navigate } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * The staff directory (人员名录) of an organisation within the caller's scope: its people, and for a directory
 * administrator the writes — add, edit (at the version read), deactivate (after a confirmation naming what happens),
 * name a deputy, import an Excel staff list (per-cell problems in a table). The console decides no policy: the write
 * actions show for a directory administrator, and the API checks every write again; its refusals are shown next to
 * the field they name.
 */

const DEPARTMENTS: Department[] = [
  'finance',
  'hrss-admin',
  'medsec-admin',
  'hrss-agency',
  'medsec-agency',
  'tax',
  'third-party',
];
const FUNCTIONS: StaffFunction[] = ['drafter', 'reviewer', 'signer', 'lead', 'directory-admin'];
const LINES: FundLine[] = ['hrss', 'medsec'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Departments that serve both fund lines (the others serve one, and record none). */
const BOTH_LINES: Department[] = ['finance', 'tax', 'third-party'];

type Person = PersonView;

interface CellError {
  sheet: string;
  cell: string;
  code: string;
  message: Bilingual;
}

/** A day in Asia/Shanghai (YYYY-MM-DD), as a date input holds it. */
const shanghaiDay = (iso: string | undefined) =>
  iso ? new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(iso)) : '';
/** The start of a day in China, as the API takes an instant. */
const dayStart = (day: string) => `${day}T00:00:00+08:00`;

export default function Directory({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const own = me?.orgCode ?? '';
  const asked = query.get('org');
  const org = asked && /^\d{6}$/.test(asked) ? asked : own;
  const admin = me?.functions.includes('directory-admin') ?? false;
  const scope = useResource<Org[]>(
    me?.tier === 'central'
      ? '/api/orgs?tier=province'
      : me?.tier === 'province'
        ? `/api/orgs?tier=region&parent=${own}`
        : null,
    { cache: true },
  );
  const staff = useResource<Person[]>(org ? `/api/directory?org=${org}` : null);
  const orgs: { code: string; name: string }[] = [
    { code: own, name: pick(me?.org?.name) || own },
    ...(scope.data ?? []).filter((o) => o.code !== own).map((o) => ({ code: o.code, name: pick(o.name) })),
  ];
  const orgName = orgs.find((o) => o.code === org)?.name ?? org;
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [deactivating, setDeactivating] = useState<Person | null>(null);
  const [deputyFor, setDeputyFor] = useState<Person | null>(null);
  const pickerId = useId();
  const people = [...(staff.data ?? [])].sort(
    (a, b) =>
      DEPARTMENTS.indexOf(a.department) - DEPARTMENTS.indexOf(b.department) || a.name.localeCompare(b.name, 'zh'),
  );
  // a deputy is named by the person themself or their department's lead (the API decides; 代理)
  // — where there is a colleague to name, or a cover to end
  const mayNameDeputy = (p: Person) =>
    p.active &&
    p.orgCode === me?.orgCode &&
    p.department === me?.department &&
    (p.id === me?.userId || me?.functions.includes('lead')) &&
    (p.deputy !== undefined || people.some((c) => c.active && c.id !== p.id && c.department === p.department));
  const actions = admin || people.some(mayNameDeputy);
  const nameOf = (id: string) => staff.data?.find((p) => p.id === id)?.name ?? id;
  const finished = (message: string) => {
    setDone(message);
    setEditing(null);
    staff.reload();
  };

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.directory')} <span className="subtitle">{orgName}</span>
        </h1>
        {orgs.length > 1 ? (
          <div className="page-tools">
            <div className="field field-inline">
              <label htmlFor={pickerId}>{t('directory.org')}</label>
              <select
                id={pickerId}
                value={org}
                onChange={(e) => {
                  setEditing(null);
                  setDone(null);
                  navigate(`/directory?org=${e.target.value}`);
                }}
              >
                {orgs.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
      </div>
      {!admin ? <p className="muted">{t('directory.readOnly')}</p> : null}
      {done ? (
        <div className="notice" role="status">
          <p>{done}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="directory-staff">
        <h2 id="directory-staff">{t('directory.staff')}</h2>
        {admin && editing === null ? (
          <p>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setDone(null);
                setEditing('new');
              }}
            >
              {t('directory.add')}
            </button>
          </p>
        ) : null}
        {editing !== null ? (
          <PersonForm
            key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
            org={org}
            orgName={orgName}
            person={editing === 'new' ? null : editing}
            onDone={(p, added) => finished(t(added ? 'directory.added' : 'directory.saved', { name: p.name }))}
            onCancel={() => setEditing(null)}
            onReload={async () => {
              if (editing === 'new') return;
              staff.reload();
              const fresh = await request<Person>(`/api/directory/people/${editing.id}`).catch(() => null);
              setEditing(fresh);
            }}
          />
        ) : null}
        {staff.error ? <ErrorNotice error={staff.error} /> : null}
        {staff.loading && !staff.data ? <Loading /> : null}
        {staff.data && people.length === 0 ? <Empty>{t('directory.none')}</Empty> : null}
        {people.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="staff">
              <caption>{t('directory.caption', { org: orgName, count: people.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.name')}</th>
                  <th scope="col">{t('directory.department')}</th>
                  <th scope="col">{t('directory.lines')}</th>
                  <th scope="col">{t('directory.functions')}</th>
                  <th scope="col">{t('directory.email')}</th>
                  <th scope="col">{t('directory.status')}</th>
                  {actions ? <th scope="col">{t('common.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id} data-person-id={p.id}>
                    <th scope="row" className="cell-staff">
                      {p.name}
                    </th>
                    <td className="cell-staff">{departmentLabel(i18n, p.department)}</td>
                    <td className="cell-staff">
                      {p.lines
                        ? p.lines.map((l) => label(i18n, 'fundLine', l)).join(t('common.listSeparator'))
                        : t('directory.allLines')}
                    </td>
                    <td className="cell-staff">
                      {p.functions.map((f) => label(i18n, 'staffFunction', f)).join(t('common.listSeparator'))}
                    </td>
                    <td className="nowrap">{p.email}</td>
                    <td className="cell-staff">
                      <span className={`badge ${p.active ? 'badge-status-approved' : 'badge-muted'}`}>
                        {t(p.active ? 'directory.active' : 'directory.inactive')}
                      </span>
                      {p.deputy && Date.parse(p.deputy.until) > Date.now() ? (
                        <span className="muted">
                          {' '}
                          {t('directory.deputy')}: {nameOf(p.deputy.userId)} ·{' '}
                          {t('directory.deputyUntil', { date: formatDate(p.deputy.until, lang) })}
                        </span>
                      ) : null}
                    </td>
                    {actions ? (
                      <td className="cell-staff">
                        {admin && p.id !== me?.userId ? (
                          <>
                            <button
                              type="button"
                              className="button button-small"
                              aria-label={`${t('directory.edit')} ${p.name}`}
                              onClick={() => {
                                setDone(null);
                                setEditing(p);
                              }}
                            >
                              {t('directory.edit')}
                            </button>{' '}
                            {p.active ? (
                              <button
                                type="button"
                                className="button button-small"
                                aria-label={`${t('directory.deactivate')} ${p.name}`}
                                onClick={() => setDeactivating(p)}
                              >
                                {t('directory.deactivate')}
                              </button>
                            ) : null}{' '}
                          </>
                        ) : null}
                        {mayNameDeputy(p) ? (
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={`${t('directory.nameDeputy')} ${p.name}`}
                            onClick={() => setDeputyFor(p)}
                          >
                            {t('directory.nameDeputy')}
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {admin ? <ImportCard org={org} orgName={orgName} onImported={() => staff.reload()} /> : null}

      <DeactivateDialog
        person={deactivating}
        onDone={(p) => {
          setDeactivating(null);
          finished(t('directory.deactivated', { name: p.name }));
        }}
        onCancel={() => setDeactivating(null)}
      />
      <DeputyDialog
        person={deputyFor}
        colleagues={(staff.data ?? []).filter(
          (c) => c.active && deputyFor && c.id !== deputyFor.id && c.department === deputyFor.department,
        )}
        onDone={(p) => {
          setDeputyFor(null);
          finished(t('directory.deputySet', { name: p.name }));
        }}
        onCancel={() => setDeputyFor(null)}
      />
    </section>
  );
}

function PersonForm({
  org,
  orgName,
  person,
  onDone,
  onCancel,
  onReload,
}: {
  org: string;
  orgName: string;
  person: Person | null;
  onDone(p: Person, added: boolean): void;
  onCancel(): void;
  onReload(): void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [name, setName] = useState(person?.name ?? '');
  const [email, setEmail] = useState(person?.email ?? '');
  const [mobile, setMobile] = useState(person?.mobile ?? '');
  const [department, setDepartment] = useState<Department>(person?.department ?? 'finance');
  const [lines, setLines] = useState<FundLine[]>(person?.lines ?? []);
  const [functions, setFunctions] = useState<StaffFunction[]>(person?.functions ?? []);
  const [activeFrom, setActiveFrom] = useState(shanghaiDay(person?.activeFrom));
  const [activeUntil, setActiveUntil] = useState(shanghaiDay(person?.activeUntil));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const fields = useFieldErrors(error);
  const errors = fields.errors;
  const conflict = error?.code === 'VERSION_CONFLICT';
  const shownHere = new Set([
    'name',
    'email',
    'mobile',
    'department',
    'lines',
    'functions',
    'activeFrom',
    'activeUntil',
  ]);
  const general = error && !conflict && !Object.keys(errors).some((f) => shownHere.has(f)) ? error : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const fields = {
      name,
      email,
      ...(mobile ? { mobile } : {}),
      orgCode: person?.orgCode ?? org,
      department,
      ...(BOTH_LINES.includes(department) && lines.length ? { lines } : {}),
      functions,
      ...(activeFrom ? { activeFrom: dayStart(activeFrom) } : {}),
      ...(activeUntil ? { activeUntil: dayStart(activeUntil) } : {}),
    };
    try {
      if (person) {
        const saved = await request<Person>(`/api/directory/people/${person.id}`, {
          method: 'PATCH',
          body: { version: person.version, changes: fields },
        });
        onDone(saved, false);
      } else {
        onDone(await request<Person>('/api/directory/people', { method: 'POST', body: fields }), true);
      }
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) =>
    errors[field] ? (
      <span id={`${id}-${field}-err`} className="field-error">
        {pick(errors[field])}
      </span>
    ) : null;
  const aria = (field: string) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}-err` } : {};
  const text = (
    field: 'name' | 'email' | 'mobile',
    key: Key,
    value: string,
    set: (v: string) => void,
    type = 'text',
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>
        {t(key)}
        {field !== 'mobile' ? <span className="muted"> ({t('common.required')})</span> : null}
      </label>
      <input id={`${id}-${field}`} type={type} value={value} onChange={(e) => set(e.target.value)} {...aria(field)} />
      {err(field)}
    </div>
  );
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  return (
    <form onSubmit={submit} className="person-form" noValidate aria-labelledby={`${id}-title`} ref={fields.container}>
      <h3 id={`${id}-title`}>
        {person ? t('directory.editTitle', { name: person.name }) : t('directory.addTitle', { org: orgName })}
      </h3>
      {text('name', 'directory.name', name, setName)}
      {text('email', 'directory.email', email, setEmail, 'email')}
      {text('mobile', 'directory.mobile', mobile, setMobile, 'tel')}
      <div className="field">
        <label htmlFor={`${id}-department`}>{t('directory.department')}</label>
        <select
          id={`${id}-department`}
          value={department}
          onChange={(e) => setDepartment(e.target.value as Department)}
          {...aria('department')}
        >
          {DEPARTMENTS.map((d) => (
            <option key={d} value={d}>
              {departmentLabel(i18n, d)}
            </option>
          ))}
        </select>
        {err('department')}
      </div>
      {BOTH_LINES.includes(department) ? (
        <fieldset className="field" {...aria('lines')}>
          <legend>{t('directory.lines')}</legend>
          {LINES.map((l) => (
            <span key={l} className="field-check">
              <input
                id={`${id}-line-${l}`}
                type="checkbox"
                checked={lines.includes(l)}
                onChange={(e) => setLines(toggle(lines, l, e.target.checked))}
              />
              <label htmlFor={`${id}-line-${l}`}>{label(i18n, 'fundLine', l)}</label>
            </span>
          ))}
          {err('lines')}
        </fieldset>
      ) : null}
      <fieldset className="field" {...aria('functions')}>
        <legend>
          {t('directory.functions')} <span className="muted">({t('common.required')})</span>
        </legend>
        {FUNCTIONS.map((f) => (
          <span key={f} className="field-check">
            <input
              id={`${id}-fn-${f}`}
              type="checkbox"
              checked={functions.includes(f)}
              onChange={(e) => setFunctions(toggle(functions, f, e.target.checked))}
            />
            <label htmlFor={`${id}-fn-${f}`}>{label(i18n, 'staffFunction', f)}</label>
          </span>
        ))}
        {err('functions')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('directory.activeFrom')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={activeFrom}
          onChange={(e) => setActiveFrom(e.target.value)}
          {...aria('activeFrom')}
        />
        {err('activeFrom')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-until`}>{t('directory.activeUntil')}</label>
        <input
          id={`${id}-until`}
          type="date"
          value={activeUntil}
          onChange={(e) => setActiveUntil(e.target.value)}
          {...aria('activeUntil')}
        />
        {err('activeUntil')}
      </div>
      {conflict ? (
        <div className="notice notice-warning" role="alert">
          <p>{t('directory.conflict')}</p>
          <button type="button" className="button" onClick={onReload}>
            {t('directory.reload')}
          </button>
        </div>
      ) : null}
      {general ? <ErrorNotice error={general} /> : null}
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('directory.save')}
        </button>{' '}
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}

function DeactivateDialog({
  person,
  onDone,
  onCancel,
}: {
  person: Person | null;
  onDone(p: Person): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const name = person?.name ?? '';
  return (
    <ConfirmDialog
      open={person !== null}
      title={t('directory.deactivateTitle', { name })}
      confirmLabel={t('directory.deactivateConfirm', { name })}
      busy={busy}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      onConfirm={async () => {
        if (!person) return;
        setBusy(true);
        setError(null);
        try {
          onDone(await request<Person>(`/api/directory/people/${person.id}/deactivate`, { method: 'POST' }));
        } catch (e) {
          setError(asApiError(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <p>{t('directory.deactivateBody', { name, email: person?.email ?? '' })}</p>
      {error ? <ErrorNotice error={error} /> : null}
    </ConfirmDialog>
  );
}

function DeputyDialog({
  person,
  colleagues,
  onDone,
  onCancel,
}: {
  person: Person | null;
  colleagues: Person[];
  onDone(p: Person): void;
  onCancel(): void;
}) {
  const { t, pick } = useI18n();
  const [deputy, setDeputy] = useState('');
  const [until, setUntil] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const errors = fieldErrorsOf(error);
  return (
    <ConfirmDialog
      open={person !== null}
      title={t('directory.deputyTitle', { name: person?.name ?? '' })}
      confirmLabel={t('directory.deputyConfirm')}
      busy={busy}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      onConfirm={async () => {
        if (!person) return;
        setBusy(true);
        setError(null);
        try {
          // the cover ends at the end of the chosen day in China
          const body = deputy
            ? { deputy, until: `${until || shanghaiDay(new Date().toISOString())}T23:59:59+08:00` }
            : { deputy: null };
          onDone(await put<Person>(`/api/directory/people/${person.id}/deputy`, body));
        } catch (e) {
          setError(asApiError(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <p>{t('directory.deputyBody')}</p>
      <div className="field">
        <label htmlFor={`${id}-deputy`}>{t('directory.deputyPerson')}</label>
        <select id={`${id}-deputy`} value={deputy} onChange={(e) => setDeputy(e.target.value)}>
          <option value="">{t('directory.deputyNone')}</option>
          {colleagues.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {errors.deputy ? <span className="field-error">{pick(errors.deputy)}</span> : null}
      </div>
      {deputy ? (
        <div className="field">
          <label htmlFor={`${id}-until`}>{t('directory.deputyEnd')}</label>
          <input id={`${id}-until`} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          {errors.until ? <span className="field-error">{pick(errors.until)}</span> : null}
        </div>
      ) : null}
      {error && !errors.deputy && !errors.until ? <ErrorNotice error={error} /> : null}
    </ConfirmDialog>
  );
}

function ImportCard({ org, orgName, onImported }: { org: string; orgName: string; onImported(): void }) {
  const { t, pick } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const id = useId();
  const cells = ((error?.details as { errors?: CellError[] } | undefined)?.errors ?? []) as CellError[];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setError(null);
    setMissing(!file);
    if (!file) return;
    setBusy(true);
    try {
      setResult(await postFile<ImportResult>(`/api/directory/import?org=${org}`, file, XLSX));
      onImported();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="staff-import">
      <h2 id={`${id}-title`}>
        {t('directory.import')} <span className="subtitle">{orgName}</span>
      </h2>
      <p className="muted">{t('directory.importLead')}</p>
      <p>
        <button
          type="button"
          className="button"
          onClick={() => download('/api/directory/template', 'staff-list.xlsx').catch((e) => setError(asApiError(e)))}
        >
          {t('directory.template')}
        </button>
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('directory.importFile')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            {...(missing ? { 'aria-invalid': true, 'aria-describedby': `${id}-file-err` } : {})}
          />
          {missing ? (
            <span id={`${id}-file-err`} className="field-error">
              {t('directory.chooseFile')}
            </span>
          ) : null}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('directory.importing') : t('directory.importSubmit')}
        </button>
      </form>
      {result ? (
        <div className="notice" role="status">
          <p>
            {result.created
              ? t('directory.imported', { created: result.created, rows: result.rows })
              : t('directory.importedAgain', { rows: result.rows })}
          </p>
        </div>
      ) : null}
      {error && cells.length ? (
        <div className="table-wrap" role="alert">
          <table className="table" data-testid="import-errors">
            <caption>{t('directory.importErrors', { count: cells.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.sheet')}</th>
                <th scope="col">{t('directory.cell')}</th>
                <th scope="col">{t('directory.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={`${c.sheet}-${c.cell}-${c.code}`}>
                  <td>{c.sheet}</td>
                  <th scope="row">{c.cell}</th>
                  <td>{pick(c.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : error ? (
        <ErrorNotice error={error} />
      ) : null}
    </section>
  );
}

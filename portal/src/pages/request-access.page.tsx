import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ApprovalPreview, type Preview } from '../components/approval-preview';
import { ErrorMessage } from '../components/error-message';
import { useDebounced } from '../components/use-debounced';
import { useTitle } from '../components/use-title';
import { fieldErrors } from '../graphql/client';
import { AccessApprovalPreviewQuery, JurisdictionsQuery, MeQuery, RequestAccessMutation, TopicQuery } from '../graphql/operations';
import type { AccessApprovalPreviewQueryVariables, AccessOperation, LegalBasisMechanism, PurposeCategory } from '../gql/graphql';

const PURPOSES: PurposeCategory[] = ['SERVICE_DELIVERY', 'ANALYTICS', 'FRAUD_PREVENTION', 'CUSTOMER_SUPPORT', 'REPORTING', 'SECURITY', 'LEGAL_COMPLIANCE', 'MARKETING', 'TESTING', 'OTHER'];
const MECHANISMS: LegalBasisMechanism[] = ['ADEQUACY_DECISION', 'STANDARD_CONTRACTUAL_CLAUSES', 'BINDING_CORPORATE_RULES', 'DEROGATION'];

interface Form {
  requestingTeam: string;
  operation: AccessOperation;
  applicationName: string;
  kafkaPrincipal: string;
  purposeCategory: PurposeCategory;
  purpose: string;
  consumerJurisdiction: string;
  durationDays: string;
  mechanism: string;
  reference: string;
}

/**
 * The form adapts to the answers as the server judges them: who will approve, and whether a legal
 * basis is needed, come from the same rules that decide the request once it is submitted.
 */
export function RequestAccessPage() {
  const name = useParams().name ?? '';
  useTitle(`Request access to ${name}`);
  const [{ data: me }] = useQuery({ query: MeQuery });
  const [{ data, error }] = useQuery({ query: TopicQuery, variables: { name } });
  const [result, request] = useMutation(RequestAccessMutation);
  const [form, setForm] = useState<Form | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [{ data: places }] = useQuery({ query: JurisdictionsQuery });
  const loaded = data && me ? { topic: data.topic, me: me.me } : null;
  const current: Form | null = form ?? (loaded ? initialForm(loaded.topic, loaded.me.teams) : null);
  // Asked again once the answers have rested for 250 ms; as a string, the settled value compares by content.
  const key =
    current && loaded
      ? JSON.stringify({
          topic: loaded.topic.name,
          operation: current.operation,
          consumerJurisdiction: current.consumerJurisdiction,
          kafkaPrincipal: current.kafkaPrincipal.trim() || null,
        })
      : '';
  const settled = useDebounced(key, 250);
  const question = useMemo(() => (settled ? (JSON.parse(settled) as AccessApprovalPreviewQueryVariables) : null), [settled]);
  const [{ data: previewed, error: previewError, fetching: checking }] = useQuery({
    query: AccessApprovalPreviewQuery,
    variables: question ?? { topic: '' },
    pause: !question,
  });
  // The last answer stays on screen while the next one is on its way.
  const [preview, setPreview] = useState<Preview | undefined>();
  useEffect(() => {
    if (previewed) setPreview(previewed.accessApprovalPreview);
  }, [previewed]);
  if (error) return <ErrorMessage error={error} />;
  if (!loaded || !current) return <p role="status">Loading…</p>;
  const topic = loaded.topic;
  const values: Form = current;
  const jurisdictions = places?.jurisdictions.includes(topic.jurisdiction) ? places.jurisdictions : [topic.jurisdiction, ...(places?.jurisdictions ?? [])];
  const server = fieldErrors(result.error);
  const errors: Record<string, string> = { ...server, ...local };
  // The server says when a legal basis is needed; its refusal of a request without one shows the fields too.
  const legalRequired = Boolean(preview?.legalBasis.required) || Boolean(errors.legalBasis);
  const set = (key: keyof Form) => (value: string) => setForm({ ...values, [key]: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!values.requestingTeam) problems.requestingTeam = 'Choose the team that asks.';
    if (!values.applicationName.trim()) problems.applicationName = 'Name the application that will use the data.';
    if (!values.kafkaPrincipal.trim()) problems.kafkaPrincipal = 'Give the Kafka principal, e.g. User:svc-orders.';
    if (!values.purpose.trim()) problems.purpose = 'Say why the data is needed.';
    if (!/^\d+$/.test(values.durationDays)) problems.durationDays = 'Give the number of days.';
    if (legalRequired && !values.mechanism) problems['legalBasis.mechanism'] = `The data would leave ${topic.jurisdiction}: choose a legal basis.`;
    if (legalRequired && !values.reference.trim()) problems['legalBasis.reference'] = 'Give the reference of the legal basis (e.g. the contract).';
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      document.getElementById(fieldId(Object.keys(problems)[0]))?.focus();
      return;
    }
    await request({
      input: {
        topic: topic.name,
        requestingTeam: values.requestingTeam,
        operation: values.operation,
        applicationName: values.applicationName.trim(),
        kafkaPrincipal: values.kafkaPrincipal.trim(),
        purposeCategory: values.purposeCategory,
        purpose: values.purpose.trim(),
        consumerJurisdiction: values.consumerJurisdiction.trim().toUpperCase(),
        durationDays: Number(values.durationDays),
        legalBasis: legalRequired ? { mechanism: values.mechanism as LegalBasisMechanism, reference: values.reference.trim() } : null,
      },
    });
  }

  const done = result.data?.requestAccess;
  if (done) {
    return (
      <>
        <h1>Access requested</h1>
        <p role="status">
          Your request for {topic.name} is <strong data-testid="request-state">{done.state}</strong>.
        </p>
        {done.approvalReasons.length ? (
          <>
            <h2>Who has to approve, and why</h2>
            <ul>
              {done.approvalReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <Link to="/requests">See my requests</Link>
        </p>
      </>
    );
  }

  const unnamed = result.error && Object.keys(server).length === 0 ? result.error : undefined;
  return (
    <>
      <h1>Request access to {topic.name}</h1>
      <p>
        {topic.classification} data in {topic.jurisdiction}; policy {topic.accessPolicy}
        {topic.maxGrantDays ? `; grants last at most ${topic.maxGrantDays} days` : ''}.
      </p>
      <form onSubmit={submit} noValidate className="request">
        <Field name="requestingTeam" label="Requesting team" error={errors.requestingTeam}>
          <select id="requestingTeam" value={values.requestingTeam} onChange={(e) => set('requestingTeam')(e.target.value)} {...described('requestingTeam', errors)}>
            {loaded.me.teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>Operation</legend>
          {(['READ', 'WRITE'] as const).map((op) => (
            <label key={op} className="inline">
              <input type="radio" name="operation" value={op} checked={values.operation === op} onChange={() => set('operation')(op)} /> {op === 'READ' ? 'READ (consume)' : 'WRITE (produce)'}
            </label>
          ))}
        </fieldset>
        <Field name="applicationName" label="Application name" error={errors.applicationName}>
          <input id="applicationName" value={values.applicationName} onChange={(e) => set('applicationName')(e.target.value)} {...described('applicationName', errors)} />
        </Field>
        <Field name="kafkaPrincipal" label="Kafka principal" error={errors.kafkaPrincipal}>
          <input id="kafkaPrincipal" value={values.kafkaPrincipal} placeholder="User:svc-name" onChange={(e) => set('kafkaPrincipal')(e.target.value)} {...described('kafkaPrincipal', errors)} />
        </Field>
        <Field name="purposeCategory" label="Purpose category" error={errors.purposeCategory}>
          <select id="purposeCategory" value={values.purposeCategory} onChange={(e) => set('purposeCategory')(e.target.value)} {...described('purposeCategory', errors)}>
            {PURPOSES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field name="purpose" label="Purpose (required)" error={errors.purpose}>
          <textarea id="purpose" rows={3} value={values.purpose} onChange={(e) => set('purpose')(e.target.value)} {...described('purpose', errors)} />
        </Field>
        <Field name="consumerJurisdiction" label="Where the data will be processed (jurisdiction)" error={errors.consumerJurisdiction}>
          <select id="consumerJurisdiction" value={values.consumerJurisdiction} onChange={(e) => set('consumerJurisdiction')(e.target.value)} {...described('consumerJurisdiction', errors)}>
            {jurisdictions.map((j) => (
              <option key={j}>{j}</option>
            ))}
          </select>
        </Field>
        <Field name="durationDays" label="Duration in days" error={errors.durationDays}>
          <input id="durationDays" inputMode="numeric" value={values.durationDays} size={6} onChange={(e) => set('durationDays')(e.target.value)} {...described('durationDays', errors)} />
        </Field>
        {legalRequired ? (
          <fieldset className="legal">
            <legend>Legal basis (required: the data would leave {topic.jurisdiction})</legend>
            <Field name="legalBasis.mechanism" label="Mechanism" error={errors['legalBasis.mechanism'] ?? errors.legalBasis}>
              <select id={fieldId('legalBasis.mechanism')} value={values.mechanism} onChange={(e) => set('mechanism')(e.target.value)} {...described('legalBasis.mechanism', errors)}>
                <option value="">Choose…</option>
                {MECHANISMS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </Field>
            <Field name="legalBasis.reference" label="Reference" error={errors['legalBasis.reference']}>
              <input id={fieldId('legalBasis.reference')} value={values.reference} onChange={(e) => set('reference')(e.target.value)} {...described('legalBasis.reference', errors)} />
            </Field>
          </fieldset>
        ) : null}
        <ApprovalPreview preview={preview} error={previewError} checking={checking || settled !== key} />
        {unnamed ? <ErrorMessage error={unnamed} /> : null}
        <button type="submit" disabled={result.fetching}>
          Submit request
        </button>
      </form>
    </>
  );
}

function initialForm(topic: { jurisdiction: string; maxGrantDays?: number | null }, teams: string[]): Form {
  return {
    requestingTeam: teams[0] ?? '',
    operation: 'READ',
    applicationName: '',
    kafkaPrincipal: '',
    purposeCategory: 'SERVICE_DELIVERY',
    purpose: '',
    consumerJurisdiction: topic.jurisdiction,
    durationDays: String(Math.min(90, topic.maxGrantDays ?? 90)),
    mechanism: '',
    reference: '',
  };
}

const fieldId = (name: string) => name.replace('.', '-');

function described(name: string, errors: Record<string, string>) {
  return errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${fieldId(name)}-error` } : {};
}

function Field({ name, label, error, children }: { name: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      {children}
      {error ? (
        <p id={`${fieldId(name)}-error`} className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

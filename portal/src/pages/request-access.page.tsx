import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { useTitle } from '../components/use-title';
import { fieldErrors } from '../graphql/client';
import { MeQuery, RequestAccessMutation, TopicQuery } from '../graphql/operations';
import type { AccessOperation, LegalBasisMechanism, PurposeCategory } from '../gql/graphql';

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

/** The form adapts to the topic: a legal basis is asked for when the data would leave its jurisdiction. */
export function RequestAccessPage() {
  const name = useParams().name ?? '';
  useTitle(`Request access to ${name}`);
  const [{ data: me }] = useQuery({ query: MeQuery });
  const [{ data, error }] = useQuery({ query: TopicQuery, variables: { name } });
  const [result, request] = useMutation(RequestAccessMutation);
  const [form, setForm] = useState<Form | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  if (error) return <ErrorMessage error={error} />;
  if (!data || !me) return <p role="status">Loading…</p>;
  const topic = data.topic;
  const values: Form = form ?? {
    requestingTeam: me.me.teams[0] ?? '',
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
  const crossBorder = values.consumerJurisdiction.trim().toUpperCase() !== topic.jurisdiction;
  const server = fieldErrors(result.error);
  const errors: Record<string, string> = { ...server, ...local };
  const set = (key: keyof Form) => (value: string) => setForm({ ...values, [key]: value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!values.requestingTeam) problems.requestingTeam = 'Choose the team that asks.';
    if (!values.applicationName.trim()) problems.applicationName = 'Name the application that will use the data.';
    if (!values.kafkaPrincipal.trim()) problems.kafkaPrincipal = 'Give the Kafka principal, e.g. User:svc-orders.';
    if (!values.purpose.trim()) problems.purpose = 'Say why the data is needed.';
    if (!/^\d+$/.test(values.durationDays)) problems.durationDays = 'Give the number of days.';
    if (crossBorder && !values.mechanism) problems['legalBasis.mechanism'] = `The data would leave ${topic.jurisdiction}: choose a legal basis.`;
    if (crossBorder && !values.reference.trim()) problems['legalBasis.reference'] = 'Give the reference of the legal basis (e.g. the contract).';
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
        legalBasis: crossBorder ? { mechanism: values.mechanism as LegalBasisMechanism, reference: values.reference.trim() } : null,
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
            {me.me.teams.map((t) => (
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
          <input id="consumerJurisdiction" value={values.consumerJurisdiction} size={6} onChange={(e) => set('consumerJurisdiction')(e.target.value)} {...described('consumerJurisdiction', errors)} />
        </Field>
        <Field name="durationDays" label="Duration in days" error={errors.durationDays}>
          <input id="durationDays" inputMode="numeric" value={values.durationDays} size={6} onChange={(e) => set('durationDays')(e.target.value)} {...described('durationDays', errors)} />
        </Field>
        {crossBorder ? (
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
        {unnamed ? <ErrorMessage error={unnamed} /> : null}
        <button type="submit" disabled={result.fetching}>
          Submit request
        </button>
      </form>
    </>
  );
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

import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ApiTokens } from '../components/api-tokens';
import { ErrorMessage } from '../components/error-message';
import { SecretOnce } from '../components/secret-once';
import { useTitle } from '../components/use-title';
import { fieldErrors } from '../graphql/client';
import { MeQuery, MyTeamQuery, SetTeamWebhookMutation } from '../graphql/operations';

/** Grants ending within this many days are flagged, so the team can renew them in time. */
const EXPIRY_WARNING_DAYS = 14;

/** The signed-in user's team: members, topics, grants, webhook; API tokens for admins. */
export function TeamPage() {
  useTitle('My team');
  const [{ data: me }] = useQuery({ query: MeQuery });
  const [params, setParams] = useSearchParams();
  const teams = me?.me.teams ?? [];
  const slug = params.get('team') ?? teams[0];
  const admin = me?.me.roles.includes('admin') ?? false;
  return (
    <>
      <h1>My team</h1>
      {teams.length > 1 ? (
        <div className="field">
          <label htmlFor="team">Team</label>
          <select id="team" value={slug} onChange={(e) => setParams({ team: e.target.value })}>
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
      ) : null}
      {slug ? <Team slug={slug} /> : me ? <p>You are not a member of any team.</p> : <p role="status">Loading…</p>}
      {admin ? <ApiTokens /> : null}
    </>
  );
}

function Team({ slug }: { slug: string }) {
  const [{ data, error }, refetch] = useQuery({ query: MyTeamQuery, variables: { slug } });
  if (error) return <ErrorMessage error={error} />;
  const team = data?.team;
  if (!team) return <p role="status">Loading…</p>;
  const soon = Date.now() + EXPIRY_WARNING_DAYS * 86_400_000;
  return (
    <>
      <h2>
        {team.name} ({team.slug})
      </h2>
      <section aria-labelledby="members">
        <h3 id="members">Members</h3>
        {team.members.length === 0 ? (
          <p>No members recorded (members may also come from their tokens or single sign-on).</p>
        ) : (
          <ul>
            {team.members.map((m) => (
              <li key={m.username}>{m.username}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="team-topics">
        <h3 id="team-topics">Topics</h3>
        {team.topics.length === 0 ? (
          <p>No topics.</p>
        ) : (
          <ul>
            {team.topics.map((t) => (
              <li key={t.name}>
                <Link to={`/topics/${encodeURIComponent(t.name)}`}>{t.name}</Link> — {t.classification}, {t.lifecycle}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/requests">The team's access requests</Link>
        </p>
      </section>
      <section aria-labelledby="team-grants">
        <h3 id="team-grants">Grants</h3>
        {team.grants.length === 0 ? (
          <p>No grants.</p>
        ) : (
          <ul>
            {team.grants.map((g) => {
              const ends = g.grantEnd ? Date.parse(g.grantEnd) : undefined;
              return (
                <li key={g.id}>
                  {g.operation} on <Link to={`/topics/${encodeURIComponent(g.topic.name)}`}>{g.topic.name}</Link> as{' '}
                  <code>{g.kafkaPrincipal}</code> — {g.state}
                  {g.grantEnd ? `, ends ${g.grantEnd.slice(0, 10)}` : ''}
                  {ends !== undefined && ends < soon ? (
                    <strong className="warning" data-testid="expiry-warning">
                      {' '}
                      ends within {EXPIRY_WARNING_DAYS} days: ask for a renewal
                    </strong>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <Webhook slug={team.slug} current={team.webhook?.url} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
    </>
  );
}

function Webhook({ slug, current, onSaved }: { slug: string; current?: string; onSaved(): void }) {
  const [saved, save] = useMutation(SetTeamWebhookMutation);
  const [url, setUrl] = useState('');
  const errors = fieldErrors(saved.error);
  return (
    <section aria-labelledby="webhook">
      <h3 id="webhook">Webhook</h3>
      <p>{current ? `Events are sent to ${current}.` : 'No webhook: events about this team are not sent anywhere.'}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await save({ input: { team: slug, url: url.trim() } });
          if (!res.error) onSaved();
        }}
      >
        <div className="field">
          <label htmlFor="webhook-url">Webhook URL</label>
          <input
            id="webhook-url"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? 'webhook-url-error' : undefined}
          />
          {errors.url ? (
            <p id="webhook-url-error" role="alert" className="error">
              {errors.url}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={saved.fetching}>
          {current ? 'Replace webhook' : 'Set webhook'}
        </button>
      </form>
      {saved.data ? <SecretOnce label="Signing secret" secret={saved.data.setTeamWebhook.secret} /> : null}
      {saved.error && !errors.url ? <ErrorMessage error={saved.error} /> : null}
    </section>
  );
}

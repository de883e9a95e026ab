-- Every state-changing admin action, through the console or the API's secret-key routes: who, when, what, on what,
-- and whether it was done or refused. A done action's row is written in the action's own transaction, so an action
-- that rolls back leaves none; refusals are written on their own (the action's transaction rolls back). Rows are
-- never updated; rows older than PARLEY_RETENTION_AUDIT_DAYS are deleted.

create table audit_entry (
    id          bigserial     primary key,
    at          timestamptz   not null default now(),
    actor_kind  varchar(16)   not null,                 -- console | sso | secret_key | token | anonymous
    actor       varchar(256)  not null,                 -- user name, SSO subject, key id; never a secret
    action      varchar(48)   not null,                 -- AuditAction's names
    target      varchar(256),                           -- session, run, key, prompt, dead letter… id
    outcome     varchar(16)   not null,                 -- done | refused | failed
    reason      varchar(512),                           -- why it was refused
    detail      jsonb         not null default '{}'
);
-- newest first, and the two filters of the console's page; "at" for retention
create index audit_entry_action on audit_entry(action, id desc);
create index audit_entry_actor on audit_entry(actor, id desc);
create index audit_entry_at on audit_entry(at);

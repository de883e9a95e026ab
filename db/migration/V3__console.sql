-- The admin console's own sign-in: the built-in local admin and console sessions. Neither grants /api/v1 access,
-- and no secret key or session token grants console access.

create table console_admin (
    username       varchar(64)   primary key,
    password_hash  varchar(200)  not null,                      -- pbkdf2-sha256$iterations$salt$hash
    created_at     timestamptz   not null default now()
);

create table console_session (
    token_hash  char(64)      primary key,                       -- SHA-256 of the cookie value; the value is never stored
    subject     varchar(256)  not null,
    role        varchar(16)   not null,                          -- parley-admin | parley-viewer
    source      varchar(8)    not null,                          -- local | sso
    created_at  timestamptz   not null default now(),
    expires_at  timestamptz   not null
);
create index console_session_expiry on console_session(expires_at);

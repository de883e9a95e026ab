-- Browser sign-ins to the console through the IdP's authorization code flow, between the redirect to the IdP and its
-- callback. A row is taken (deleted) by the callback, so a state value works once, on whichever node the callback
-- reaches. Rows live minutes; every new sign-in clears the expired ones.

create table console_oidc_sign_in (
    state_hash    char(64)       primary key,                   -- SHA-256 of the state parameter
    browser_hash  char(64)       not null,                      -- SHA-256 of the HttpOnly cookie the start route set
    verifier      varchar(128)   not null,                      -- the PKCE code verifier (S256)
    nonce         varchar(64)    not null,
    redirect_uri  varchar(512)   not null,                      -- sent again, unchanged, with the code exchange
    return_to     varchar(256)   not null,                      -- a console path, checked before it was stored
    expires_at    timestamptz    not null
);
create index console_oidc_sign_in_expiry on console_oidc_sign_in(expires_at);

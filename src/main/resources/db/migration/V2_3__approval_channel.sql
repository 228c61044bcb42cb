-- How the person answered an approval request, as Auth0's token said (the tenant's post-login Action puts
-- event.transaction.protocol into a custom claim: oidc-ciba is the Guardian push, oidc-ciba-web-link the CIBA email
-- link): 'guardian-push', 'email', or NULL when not decided or not said. Runs unchanged on H2 and PostgreSQL.
ALTER TABLE approval_request ADD COLUMN channel VARCHAR(16);

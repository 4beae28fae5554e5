-- Run by the post-provision hook as the Entra admin, once in the `postgres` database (role, database grants)
-- and once in the replica database (schema). Every statement is safe to repeat.
-- psql variables: identity (the managed identity's role name), db (replica database), phase (role|schema).
\if :{?identity}
\else
  DO $$ BEGIN RAISE EXCEPTION 'psql variable identity is required'; END $$;
  \quit
\endif

SELECT :'phase' = 'role' AS is_role_phase \gset
\if :is_role_phase
  SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'identity') AS role_missing \gset
  \if :role_missing
    -- Maps the Entra service principal of that name to a login role (isAdmin false, isMfa false).
    SELECT * FROM pgaadauth_create_principal(:'identity', false, false);
  \else
    \echo 'role' :"identity" 'exists'
  \endif
  GRANT CONNECT, CREATE, TEMPORARY ON DATABASE :"db" TO :"identity";
  -- GRANT by a non-owner only warns; the app needs CREATE for its namespace schemas, so insist.
  SELECT has_database_privilege(:'identity', :'db', 'CREATE') AS can_create \gset
  \if :can_create
  \else
    DO $$ BEGIN RAISE EXCEPTION 'the identity role could not be granted CREATE on the replica database'; END $$;
  \endif
\else
  -- The state schema the Python dap client also uses; namespace schemas the app creates itself.
  CREATE SCHEMA IF NOT EXISTS instructure_dap;
  GRANT USAGE, CREATE ON SCHEMA instructure_dap TO :"identity";
\endif
